"""Generates noise_dof_reference.json: rsatoolbox f1f83cad's shrinkage_diag covariance (src/rsatoolbox/data/noise.py,
_covariance_diag, cov_from_measurements, cov_from_unbalanced, cov_from_residuals) written out in plain Python (no numpy)
for inputs whose degrees of freedom differ from n - 1. Inputs are the formula-defined synthetic.json inputs restricted to
the first 12 channels (8 for the unbalanced case, whose weight would clip at 1 with 12): runs_X (row r*40+i = X[i,:] + E[r,i,:]) and the residuals E run-major.
Run: python3 noise_dof_reference.py /path/to/shared/reference/rsa/synthetic.json > noise_dof_reference.json"""
import json, math, sys

d = json.load(open(sys.argv[1]))
E, X = d['inputs']['E'], d['inputs']['X']
C = 12


def demean_columns(m):
    n = len(m)
    mu = [math.fsum(m[k][j] for k in range(n)) / n for j in range(len(m[0]))]
    return [[row[j] - mu[j] for j in range(len(row))] for row in m]


def covariance_diag(m, dof):
    # rsatoolbox _covariance_diag: s = S/dof, but s_mean and s2_mean divide by (n - 1).
    n, c = len(m), len(m[0])
    s_sum = [[math.fsum(m[k][a] * m[k][b] for k in range(n)) for b in range(c)] for a in range(c)]
    s2_sum = [[math.fsum((m[k][a] * m[k][b]) ** 2 for k in range(n)) for b in range(c)] for a in range(c)]
    var = [s_sum[a][a] / dof for a in range(c)]
    num = den = 0.0
    for a in range(c):
        for b in range(c):
            if a == b:
                continue
            s_mean = s_sum[a][b] / math.sqrt(var[b]) / math.sqrt(var[a]) / (n - 1)
            s2_mean = s2_sum[a][b] / var[b] / var[a] / (n - 1)
            num += n / dof ** 2 * (s2_mean - s_mean ** 2)
            den += s_mean ** 2
    lamb = max(min(num / den, 1), 0)
    cov = [[s_sum[a][b] / dof * (1 if a == b else 1 - lamb) for b in range(c)] for a in range(c)]
    return cov, lamb


runs = [[X[i][j] + E[r][i][j] for j in range(C)] for r in range(4) for i in range(40)]
conds = [k % 40 for k in range(160)]


def residuals_around_means(rows, labels, c=C):
    groups = {}
    for row, l in zip(rows, labels):
        groups.setdefault(l, []).append(row)
    means = {l: [math.fsum(r[j] for r in g) / len(g) for j in range(c)] for l, g in groups.items()}
    return [[row[j] - means[l][j] for j in range(c)] for row, l in zip(rows, labels)]


out = {'doc': __doc__, 'rsatoolbox': 'f1f83cad', 'channels': C}
# cov_from_measurements: tensor conditions x channels x repetitions, dof = (conditions - 1) * repetitions = 156, n = 160.
cov, lamb = covariance_diag(residuals_around_means(runs, conds), 39 * 4)
out['measurements'] = {'dof': 156, 'n': 160, 'lambda': lamb, 'cov': cov}
# cov_from_unbalanced on runs_X (first 8 channels) without observation 0: dof = n - conditions = 119, n = 159
# (the residuals are demeaned again by _check_demean).
runs8 = [row[:8] for row in runs[1:]]
cov, lamb = covariance_diag(demean_columns(residuals_around_means(runs8, conds[1:], 8)), 159 - 40)
out['unbalanced_drop0_8ch'] = {'dof': 119, 'n': 159, 'lambda': lamb, 'cov': cov}
# cov_from_residuals(E[:, :12], dof=150).
res = [[E[r][i][j] for j in range(C)] for r in range(4) for i in range(40)]
cov, lamb = covariance_diag(demean_columns(res), 150)
out['residuals_dof150'] = {'dof': 150, 'n': 160, 'lambda': lamb, 'cov': cov}
json.dump(out, sys.stdout, indent=1)
