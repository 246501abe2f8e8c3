using MathNet.Numerics.Distributions;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Variance bookkeeping and t-tests of model evaluations (rsatoolbox's <c>extract_variances</c> and
/// <c>t_tests</c> / <c>t_test_0</c> / <c>t_test_nc</c>), with the small-sample bootstrap variance correction of
/// Schütt et al. (2023): a bootstrap over n units underestimates the variance by (n−1)/n, so variances are scaled
/// by n/(n−1) (n = subjects, stimuli, or the smaller of both for the joint bootstrap).
/// </summary>
public static class EvaluationStatistics
{
    /// <summary>Model variances, pairwise-difference variances and model − noise-ceiling variances from a raw covariance.</summary>
    /// <param name="rawCovariance">Covariance of the model evaluations (models × models), or of models followed by the
    /// lower and upper noise ceiling ((models+2) × (models+2)) when <paramref name="noiseCeilingIncluded"/>.</param>
    /// <param name="noiseCeilingIncluded">Whether the last two rows/columns belong to the noise ceiling.</param>
    /// <param name="correctionN">n of the n/(n−1) correction, or null for none.</param>
    public static (double[] Model, double[] Difference, double[,] NoiseCeiling) Variances(double[,] rawCovariance, bool noiseCeilingIncluded, int? correctionN)
    {
        ArgumentNullException.ThrowIfNull(rawCovariance);
        int total = rawCovariance.GetLength(0);
        int m = noiseCeilingIncluded ? total - 2 : total;
        if (m < 1)
        {
            throw new ArgumentException("The covariance has no model rows.", nameof(rawCovariance));
        }

        double f = correctionN is { } n ? n / (n - 1.0) : 1;
        var model = new double[m];
        var nc = new double[m, 2];
        for (int i = 0; i < m; i++)
        {
            model[i] = rawCovariance[i, i] * f;
            for (int b = 0; b < 2; b++)
            {
                nc[i, b] = noiseCeilingIncluded
                    ? (rawCovariance[i, i] - (2 * rawCovariance[i, m + b]) + rawCovariance[m + b, m + b]) * f
                    : model[i];
            }
        }

        var diff = new double[CondensedIndex.PairCount(m)];
        int p = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = i + 1; j < m; j++)
            {
                diff[p++] = (rawCovariance[i, i] + rawCovariance[j, j] - (2 * rawCovariance[i, j])) * f;
            }
        }

        return (model, diff, nc);
    }

    /// <summary>
    /// Dual-bootstrap variances (Schütt et al. 2023): from the uncorrected covariances of a joint (subjects and
    /// stimuli), a subject-only and a stimulus-only bootstrap, V = a·V_rdm + b·V_pattern − a·b·(V_joint − V_rdm − V_pattern)
    /// with a = n_rdm/(n_rdm−1), b = n_pattern/(n_pattern−1), bounded below by a·V_rdm and b·V_pattern and above by V_joint.
    /// </summary>
    /// <param name="joint">Covariance from the joint bootstrap.</param>
    /// <param name="rdm">Covariance from the subject bootstrap.</param>
    /// <param name="pattern">Covariance from the stimulus bootstrap.</param>
    /// <param name="noiseCeilingIncluded">Whether the last two rows/columns are the noise ceiling.</param>
    /// <param name="nRdm">Number of subjects.</param>
    /// <param name="nPattern">Number of stimuli.</param>
    public static (double[] Model, double[] Difference, double[,] NoiseCeiling) DualVariances(double[,] joint, double[,] rdm, double[,] pattern,
        bool noiseCeilingIncluded, int nRdm, int nPattern)
    {
        var v0 = Variances(joint, noiseCeilingIncluded, null);
        var v1 = Variances(rdm, noiseCeilingIncluded, null);
        var v2 = Variances(pattern, noiseCeilingIncluded, null);
        double a = nRdm / (nRdm - 1.0), b = nPattern / (nPattern - 1.0);
        double Combine(double j, double r, double p) =>
            Math.Min(Math.Max(Math.Max((a * r) + (b * p) - (a * b * (j - r - p)), a * r), b * p), j);
        var model = v0.Model.Select((j, i) => Combine(j, v1.Model[i], v2.Model[i])).ToArray();
        var diff = v0.Difference.Select((j, i) => Combine(j, v1.Difference[i], v2.Difference[i])).ToArray();
        var nc = new double[model.Length, 2];
        for (int i = 0; i < model.Length; i++)
        {
            for (int k = 0; k < 2; k++)
            {
                nc[i, k] = Combine(v0.NoiseCeiling[i, k], v1.NoiseCeiling[i, k], v2.NoiseCeiling[i, k]);
            }
        }

        return (model, diff, nc);
    }

    /// <summary>One-sided p-values of t = mean / √var against 0 (variance floored at machine epsilon).</summary>
    /// <param name="means">Mean evaluation per model.</param>
    /// <param name="variances">Variance of each mean.</param>
    /// <param name="dof">Degrees of freedom of the t distribution.</param>
    /// <returns>The p-values; NaN when <paramref name="dof"/> &lt; 1 or a variance is NaN (nothing to test against).</returns>
    public static double[] PZero(IReadOnlyList<double> means, IReadOnlyList<double> variances, int dof) =>
        means.Select((x, i) => 1 - StudentTCdf(dof, x / Math.Sqrt(Math.Max(variances[i], Eps)))).ToArray();

    /// <summary>Two-sided p-values of each model against the mean lower noise ceiling.</summary>
    /// <param name="means">Mean evaluation per model.</param>
    /// <param name="lowerNoiseCeiling">Mean lower bound of the noise ceiling.</param>
    /// <param name="variances">Variance of (model − lower bound) per model.</param>
    /// <param name="dof">Degrees of freedom.</param>
    public static double[] PNoise(IReadOnlyList<double> means, double lowerNoiseCeiling, IReadOnlyList<double> variances, int dof) =>
        means.Select((x, i) => 2 * (1 - StudentTCdf(dof, Math.Abs((x - lowerNoiseCeiling) / Math.Sqrt(Math.Max(variances[i], Eps)))))).ToArray();

    /// <summary>Two-sided p-values of pairwise model differences (symmetric matrix, 1 on the diagonal).</summary>
    /// <param name="means">Mean evaluation per model.</param>
    /// <param name="differenceVariances">Condensed variances of the pairwise differences.</param>
    /// <param name="dof">Degrees of freedom.</param>
    public static double[,] PPairwise(IReadOnlyList<double> means, IReadOnlyList<double> differenceVariances, int dof)
    {
        int m = means.Count;
        var p = new double[m, m];
        int k = 0;
        for (int i = 0; i < m; i++)
        {
            p[i, i] = 1;
            for (int j = i + 1; j < m; j++)
            {
                double t = (means[i] - means[j]) / Math.Sqrt(Math.Max(differenceVariances[k++], Eps));
                p[i, j] = p[j, i] = 2 * (1 - StudentTCdf(dof, Math.Abs(t)));
            }
        }

        return p;
    }

    /// <summary>
    /// Bootstrap pairwise test: two-sided proportion of samples in which the model order flips, as rsatoolbox's
    /// <c>bootstrap_pair_tests</c> ((N−1)/N · 2·min(p, 1−p) + 1/N).
    /// </summary>
    /// <param name="samples">Samples × models evaluations.</param>
    public static double[,] PPairwiseBootstrap(double[,] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int n = samples.GetLength(0), m = samples.GetLength(1);
        var p = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            p[i, i] = 1;
            for (int j = i + 1; j < m; j++)
            {
                int less = 0, equal = 0;
                for (int s = 0; s < n; s++)
                {
                    less += samples[s, i] < samples[s, j] ? 1 : 0;
                    equal += samples[s, i] == samples[s, j] ? 1 : 0;
                }

                double prop = (double)less / (n - equal);
                prop = Math.Min(prop, 1 - prop) * 2;
                p[i, j] = p[j, i] = ((n - 1.0) / n * prop) + (1.0 / n);
            }
        }

        return p;
    }

    // Math.Max(NaN, eps) is NaN, so a NaN variance gives a NaN t; a t-test needs at least one degree of freedom.
    private static double StudentTCdf(int dof, double t) => dof < 1 || double.IsNaN(t) ? double.NaN : StudentT.CDF(0, 1, dof, t);

    /// <summary>Sample covariance (ddof 1) of the columns of a samples × variables array.</summary>
    /// <param name="samples">Samples × variables.</param>
    public static double[,] Covariance(double[,] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int n = samples.GetLength(0), v = samples.GetLength(1);
        var mean = new double[v];
        for (int s = 0; s < n; s++)
        {
            for (int a = 0; a < v; a++)
            {
                mean[a] += samples[s, a] / n;
            }
        }

        var c = new double[v, v];
        for (int a = 0; a < v; a++)
        {
            for (int b = a; b < v; b++)
            {
                double sum = 0;
                for (int s = 0; s < n; s++)
                {
                    sum += (samples[s, a] - mean[a]) * (samples[s, b] - mean[b]);
                }

                c[a, b] = c[b, a] = sum / (n - 1);
            }
        }

        return c;
    }

    private const double Eps = 2.220446049250313e-16;
}
