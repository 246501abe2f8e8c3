using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Comparisons;

/// <summary>
/// Whitening of RDM vectors by the covariance of distance estimates under i.i.d. pattern noise (Diedrichsen et al.
/// 2021), as rsatoolbox's <c>corr_cov</c> / <c>cosine_cov</c>. Without a pattern covariance (or with a diagonal one given
/// as a vector) the whitened vector is the double-centred second-moment matrix G = −½ H D H, off-diagonal entries
/// weighted √2 and the diagonal appended; with a full pattern covariance Σ it is L⁻¹d, V = L Lᵀ, V = Ξ∘Ξ, Ξ = C Σ Cᵀ
/// (C the pairwise contrast matrix).
/// </summary>
internal static class CovarianceWeighting
{
    /// <summary>Whitened embedding of a vector whose valid positions are <paramref name="valid"/> (full length = pairs).</summary>
    public static double[] Embed(ReadOnlySpan<double> compact, bool[] valid, int conditions, double[]? sigmaDiag, double[,]? choleskyOfV)
    {
        if (choleskyOfV is not null)
        {
            // Forward substitution: z = L⁻¹ d.
            int len = compact.Length;
            var z = new double[len];
            for (int i = 0; i < len; i++)
            {
                double s = compact[i];
                for (int j = 0; j < i; j++)
                {
                    s -= choleskyOfV[i, j] * z[j];
                }

                z[i] = s / choleskyOfV[i, i];
            }

            return z;
        }

        int n = conditions;
        int pairs = valid.Length;
        bool allValid = valid.All(b => b);
        var result = new double[compact.Length + n];
        if (allValid)
        {
            // G = -1/2 D, double centred.
            var g = new double[n, n];
            int p = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    g[i, j] = g[j, i] = -0.5 * compact[p++];
                }
            }

            var rowMean = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += g[i, j];
                }

                rowMean[i] = s / n;
                total += s;
            }

            total /= (double)n * n;
            p = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    result[p++] = g[i, j] - rowMean[i] - rowMean[j] + total;
                }
            }

            for (int i = 0; i < n; i++)
            {
                result[pairs + i] = g[i, i] - (2 * rowMean[i]) + total;
            }
        }
        else
        {
            // Weighted least-squares removal of row/column effects over the valid entries (rsatoolbox's NaN path).
            int m = compact.Length;
            var rows = new int[m];
            var cols = new int[m];
            int q = 0, k = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (valid[k++])
                    {
                        rows[q] = i;
                        cols[q] = j;
                        q++;
                    }
                }
            }

            var w = new double[m + n];
            for (int e = 0; e < m; e++)
            {
                w[e] = -0.5 * compact[e];
            }

            // S: (m+n) × n indicator; diag rows are e_i. Weights: 1/2 (distances), 1 (diagonal).
            var sts = Matrix<double>.Build.Dense(n, n);
            for (int e = 0; e < m; e++)
            {
                sts[rows[e], rows[e]] += 0.5;
                sts[cols[e], cols[e]] += 0.5;
                sts[rows[e], cols[e]] += 0.5;
                sts[cols[e], rows[e]] += 0.5;
            }

            for (int i = 0; i < n; i++)
            {
                sts[i, i] += 1;
            }

            var ws = Vector<double>.Build.Dense(n);
            for (int e = 0; e < m; e++)
            {
                ws[rows[e]] += w[e];
                ws[cols[e]] += w[e];
            }

            var coef = sts.Inverse() * ws;
            for (int e = 0; e < m; e++)
            {
                result[e] = w[e] - (0.5 * (coef[rows[e]] + coef[cols[e]]));
            }

            for (int i = 0; i < n; i++)
            {
                result[m + i] = -coef[i];
            }

            if (sigmaDiag is not null)
            {
                for (int e = 0; e < m; e++)
                {
                    result[e] /= Math.Sqrt(sigmaDiag[rows[e]]) * Math.Sqrt(sigmaDiag[cols[e]]);
                }

                for (int i = 0; i < n; i++)
                {
                    result[m + i] /= Math.Sqrt(sigmaDiag[i]) * Math.Sqrt(sigmaDiag[i]);
                }

                sigmaDiag = null;
            }

            for (int e = 0; e < m; e++)
            {
                result[e] *= Math.Sqrt(2);
            }

            return result;
        }

        if (sigmaDiag is not null)
        {
            int p = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    result[p++] /= Math.Sqrt(sigmaDiag[i]) * Math.Sqrt(sigmaDiag[j]);
                }
            }

            for (int i = 0; i < n; i++)
            {
                result[pairs + i] /= Math.Sqrt(sigmaDiag[i]) * Math.Sqrt(sigmaDiag[i]);
            }
        }

        for (int e = 0; e < pairs; e++)
        {
            result[e] *= Math.Sqrt(2);
        }

        return result;
    }

    /// <summary>Cholesky factor of V = Ξ∘Ξ restricted to the valid entries, Ξ = C Σ Cᵀ.</summary>
    public static double[,] CholeskyOfV(double[,] sigma, bool[] valid, int n)
    {
        var idx = new List<(int I, int J)>();
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (valid[k++])
                {
                    idx.Add((i, j));
                }
            }
        }

        int m = idx.Count;
        var v = Matrix<double>.Build.Dense(m, m);
        for (int a = 0; a < m; a++)
        {
            var (i, j) = idx[a];
            for (int b = a; b < m; b++)
            {
                var (s, t) = idx[b];
                double xi = sigma[i, s] - sigma[i, t] - sigma[j, s] + sigma[j, t];
                v[a, b] = v[b, a] = xi * xi;
            }
        }

        return v.Cholesky().Factor.ToArray();
    }
}
