using BioVision.Rsa.RdmMethods;

namespace BioVision.Rsa.Noise;

/// <summary>
/// Noise covariance and precision estimates over channels, from GLM residuals or from repeated measurements of the
/// same conditions (rsatoolbox's <c>data.noise</c>). Results are channels × channels arrays.
/// </summary>
public static class NoiseEstimator
{
    /// <summary>Covariance of residuals (rows = samples, columns = channels). Columns are demeaned first.</summary>
    /// <param name="residuals">Samples × channels.</param>
    /// <param name="method">Estimator.</param>
    /// <param name="dof">Degrees of freedom; null means samples − 1.</param>
    /// <param name="shrinkage">Fixed shrinkage λ in [0, 1] for the shrinkage estimators; null means the optimal one.</param>
    /// <param name="dofConvention">
    /// How an explicit <paramref name="dof"/> enters the shrinkage weight of <see cref="CovarianceMethod.ShrinkageDiagonal"/>:
    /// <see cref="DegreesOfFreedom.Corrected"/> (default) uses it throughout; <see cref="DegreesOfFreedom.Reference"/>
    /// standardises the cross-products by samples − 1 as rsatoolbox does (see <see cref="DegreesOfFreedom"/>). Both agree
    /// when dof is samples − 1.
    /// </param>
    public static double[,] CovarianceFromResiduals(double[,] residuals, CovarianceMethod method = CovarianceMethod.ShrinkageDiagonal,
        double? dof = null, double? shrinkage = null, DegreesOfFreedom dofConvention = DegreesOfFreedom.Corrected)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        int n = residuals.GetLength(0), c = residuals.GetLength(1);
        if (n < 2)
        {
            throw new ArgumentException("At least two residual rows are needed.", nameof(residuals));
        }

        var x = MatrixUtil.Flatten(residuals);
        CheckFinite(x);
        Demean(x, n, c);
        return Estimate(x, n, c, dof ?? (n - 1), method, shrinkage, dofConvention);
    }

    /// <summary>Inverse of <see cref="CovarianceFromResiduals"/>.</summary>
    /// <param name="residuals">Samples × channels.</param>
    /// <param name="method">Estimator.</param>
    /// <param name="dof">Degrees of freedom; null means samples − 1.</param>
    /// <param name="shrinkage">Fixed shrinkage λ, or null for the optimal one.</param>
    /// <param name="dofConvention">Corrected (default) or rsatoolbox's normalisation of the shrinkage weight.</param>
    public static double[,] PrecisionFromResiduals(double[,] residuals, CovarianceMethod method = CovarianceMethod.ShrinkageDiagonal,
        double? dof = null, double? shrinkage = null, DegreesOfFreedom dofConvention = DegreesOfFreedom.Corrected) =>
        MatrixUtil.Inverse(CovarianceFromResiduals(residuals, method, dof, shrinkage, dofConvention), "noise covariance");

    /// <summary>
    /// Covariance of repeated measurements around each condition's mean. Every condition must have the same number
    /// of repetitions (use <see cref="CovarianceFromUnbalanced"/> otherwise).
    /// </summary>
    /// <param name="dataset">Repeated measurements with condition labels.</param>
    /// <param name="method">Estimator.</param>
    /// <param name="dofConvention">Corrected (default) or rsatoolbox's reference count.</param>
    /// <param name="shrinkage">Fixed shrinkage λ, or null for the optimal one.</param>
    public static double[,] CovarianceFromMeasurements(Dataset dataset, CovarianceMethod method = CovarianceMethod.ShrinkageDiagonal,
        DegreesOfFreedom dofConvention = DegreesOfFreedom.Corrected, double? shrinkage = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var counts = dataset.Conditions.GroupBy(x => x).Select(g => g.Count()).Distinct().ToArray();
        if (counts.Length != 1)
        {
            throw new ArgumentException("Conditions have different numbers of repetitions; use CovarianceFromUnbalanced.", nameof(dataset));
        }

        int reps = counts[0], conds = dataset.ConditionValues.Count;
        if (reps < 2)
        {
            throw new ArgumentException("Each condition needs at least two repetitions to estimate noise.", nameof(dataset));
        }

        var x = Residuals(dataset);
        double dof = dofConvention == DegreesOfFreedom.Corrected ? conds * (reps - 1) : (conds - 1) * reps;
        return Estimate(x, dataset.Observations, dataset.Channels, dof, method, shrinkage, dofConvention);
    }

    /// <summary>Inverse of <see cref="CovarianceFromMeasurements"/>.</summary>
    /// <param name="dataset">Repeated measurements with condition labels.</param>
    /// <param name="method">Estimator.</param>
    /// <param name="dofConvention">Corrected (default) or rsatoolbox's reference count.</param>
    /// <param name="shrinkage">Fixed shrinkage λ, or null for the optimal one.</param>
    public static double[,] PrecisionFromMeasurements(Dataset dataset, CovarianceMethod method = CovarianceMethod.ShrinkageDiagonal,
        DegreesOfFreedom dofConvention = DegreesOfFreedom.Corrected, double? shrinkage = null) =>
        MatrixUtil.Inverse(CovarianceFromMeasurements(dataset, method, dofConvention, shrinkage), "noise covariance");

    /// <summary>Covariance around condition means for any numbers of repetitions; dof defaults to observations − conditions.</summary>
    /// <param name="dataset">Measurements with condition labels.</param>
    /// <param name="method">Estimator.</param>
    /// <param name="dof">Degrees of freedom, or null for observations − conditions.</param>
    /// <param name="dofConvention">
    /// Corrected (default) uses the dof throughout; <see cref="DegreesOfFreedom.Reference"/> standardises the
    /// shrinkage weight's cross-products by observations − 1 as rsatoolbox's <c>cov_from_unbalanced</c> does.
    /// </param>
    public static double[,] CovarianceFromUnbalanced(Dataset dataset, CovarianceMethod method = CovarianceMethod.ShrinkageDiagonal, double? dof = null,
        DegreesOfFreedom dofConvention = DegreesOfFreedom.Corrected)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var x = Residuals(dataset);
        int n = dataset.Observations, c = dataset.Channels;
        double d = dof ?? (n - dataset.ConditionValues.Count);
        if (d <= 0)
        {
            throw new ArgumentException("No degrees of freedom left for the noise estimate (one observation per condition?).", nameof(dataset));
        }

        Demean(x, n, c);
        return Estimate(x, n, c, d, method, null, dofConvention);
    }

    private static double[] Residuals(Dataset dataset)
    {
        var means = dataset.ConditionMeans();
        var index = dataset.ConditionValues.Select((v, i) => (v, i)).ToDictionary(t => t.v, t => t.i);
        int c = dataset.Channels;
        var x = dataset.Measurements.ToArray();
        for (int r = 0; r < dataset.Observations; r++)
        {
            int k = index[dataset.Conditions[r]];
            for (int j = 0; j < c; j++)
            {
                x[(r * c) + j] -= means[(k * c) + j];
            }
        }

        return x;
    }

    private static void Demean(double[] x, int n, int c)
    {
        for (int j = 0; j < c; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += x[(i * c) + j];
            }

            mean /= n;
            for (int i = 0; i < n; i++)
            {
                x[(i * c) + j] -= mean;
            }
        }
    }

    private static void CheckFinite(double[] x)
    {
        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Residuals contain a non-finite value.");
            }
        }
    }

    private static double[,] Estimate(double[] x, int n, int c, double dof, CovarianceMethod method, double? shrinkage, DegreesOfFreedom convention)
    {
        if (!(dof > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dof), $"Degrees of freedom must be positive, got {dof}.");
        }

        if (shrinkage is { } l && (l < 0 || l > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), $"Shrinkage must lie in [0, 1], got {l}.");
        }

        // Σ xᵀx and Σ (xᵀx)² over rows.
        var s = new double[c, c];
        var s2 = new double[c, c];
        for (int r = 0; r < n; r++)
        {
            for (int a = 0; a < c; a++)
            {
                double xa = x[(r * c) + a];
                for (int b = 0; b < c; b++)
                {
                    double p = xa * x[(r * c) + b];
                    s[a, b] += p;
                    s2[a, b] += p * p;
                }
            }
        }

        var result = new double[c, c];
        switch (method)
        {
            case CovarianceMethod.Full:
                for (int a = 0; a < c; a++)
                {
                    for (int b = 0; b < c; b++)
                    {
                        result[a, b] = s[a, b] / dof;
                    }
                }

                break;
            case CovarianceMethod.Diagonal:
                for (int a = 0; a < c; a++)
                {
                    result[a, a] = s[a, a] / dof;
                }

                break;
            case CovarianceMethod.ShrinkageEye:
                {
                    // Ledoit & Wolf (2004): target m·I, m = mean variance; weight b²/d².
                    double b2 = 0, m = 0;
                    for (int a = 0; a < c; a++)
                    {
                        m += s[a, a] / n;
                        for (int b = 0; b < c; b++)
                        {
                            double sab = s[a, b] / n;
                            b2 += (s2[a, b] / n) - (sab * sab);
                        }
                    }

                    b2 /= n;
                    m /= c;
                    double d2 = 0;
                    for (int a = 0; a < c; a++)
                    {
                        for (int b = 0; b < c; b++)
                        {
                            double dev = (s[a, b] / n) - (a == b ? m : 0);
                            d2 += dev * dev;
                        }
                    }

                    double lambda = shrinkage ?? (Math.Min(d2, b2) / d2);
                    for (int a = 0; a < c; a++)
                    {
                        for (int b = 0; b < c; b++)
                        {
                            result[a, b] = (((a == b ? lambda * m : 0) + ((1 - lambda) * s[a, b] / n)) * n) / dof;
                        }
                    }

                    break;
                }

            case CovarianceMethod.ShrinkageDiagonal:
                {
                    // Schäfer & Strimmer (2005), target D: shrink the correlations. The weight is Σ Var(r̂ᵢⱼ) / Σ r̂ᵢⱼ² over
                    // i ≠ j, with r̂ the correlations estimated from the standardised cross-products. Corrected: the
                    // cross-products and the variances are both divided by dof, so r̂ is the sample correlation whatever
                    // the dof. Reference (rsatoolbox f1f83cad, _covariance_diag): the variances are divided by dof but the
                    // standardised cross-products by n − 1, which scales r̂ by dof / (n − 1) when dof ≠ n − 1.
                    double norm = convention == DegreesOfFreedom.Reference ? n - 1 : dof;
                    double lambda;
                    if (shrinkage is { } fixedLambda)
                    {
                        lambda = fixedLambda;
                    }
                    else
                    {
                        double num = 0, den = 0;
                        for (int a = 0; a < c; a++)
                        {
                            for (int b = 0; b < c; b++)
                            {
                                if (a == b)
                                {
                                    continue;
                                }

                                double va = s[a, a] / dof, vb = s[b, b] / dof;
                                double sm = s[a, b] / Math.Sqrt(va) / Math.Sqrt(vb) / norm;
                                double s2m = s2[a, b] / va / vb / norm;
                                num += n / (dof * dof) * (s2m - (sm * sm));
                                den += sm * sm;
                            }
                        }

                        lambda = Math.Max(Math.Min(num / den, 1), 0);
                    }

                    for (int a = 0; a < c; a++)
                    {
                        for (int b = 0; b < c; b++)
                        {
                            result[a, b] = (s[a, b] / dof) * (a == b ? 1 : 1 - lambda);
                        }
                    }

                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(method), $"Unknown covariance method {method}.");
        }

        return result;
    }
}
