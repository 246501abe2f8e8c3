using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Correlation across models between two per-model measures (for example a brain-similarity score and a robust
/// accuracy), with hierarchical bootstrap confidence intervals over models and seeds, a permutation p-value and the
/// partial correlation controlling for a covariate (clean accuracy).
/// </summary>
/// <remarks>
/// <para>
/// Each model (variant) may have several observations (training seeds). Point estimates use the per-model means over
/// seeds, so a variant trained with more seeds does not weigh more. The bootstrap resamples models with replacement
/// and, inside each drawn model, its seeds with replacement (a two-stage cluster bootstrap; Davison &amp; Hinkley 1997,
/// §3.8), which propagates both the between-model and the seed-to-seed uncertainty into the interval. Intervals are
/// percentile intervals of the draws that are defined: a draw in which either measure is constant across the drawn
/// models has no correlation and is left out (their number is reported as <see cref="CorrelationEstimate.ValidDraws"/>).
/// </para>
/// <para>
/// The partial correlation of x and y given z is (r_xy − r_xz r_yz) / √((1 − r_xz²)(1 − r_yz²)), with Pearson
/// correlations for the Pearson version and Spearman correlations (correlations of ranks) for the Spearman version.
/// The permutation p-value permutes y across models (two-sided, |r| as extreme or more, with the +1 correction of
/// Phipson &amp; Smyth 2010).
/// </para>
/// <para>Edge cases: fewer than three models, or a measure constant across models, give NaN estimates (not 0, unlike
/// <see cref="VectorComparisons.Pearson"/>, because "no variation" is not "no relation"); NaN or infinite inputs throw.</para>
/// </remarks>
public static class CrossModelCorrelation
{
    /// <summary>Estimates the correlations of <see cref="ModelObservation.X"/> and <see cref="ModelObservation.Y"/> across models.</summary>
    /// <param name="observations">One row per model and seed; the model name groups seeds.</param>
    /// <param name="samples">Bootstrap draws and permutations (default 2,000).</param>
    /// <param name="seed">Seed of the bootstrap and permutation draws.</param>
    /// <param name="confidence">Coverage of the percentile intervals, in (0, 1).</param>
    /// <exception cref="ArgumentException">Empty input, non-finite values, non-positive sample count or a confidence outside (0, 1).</exception>
    public static CorrelationEstimate Estimate(IReadOnlyList<ModelObservation> observations, int samples = 2000, long seed = 0, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
        {
            throw new ArgumentException("No observations were given.", nameof(observations));
        }

        if (samples < 1)
        {
            throw new ArgumentException($"The number of bootstrap samples must be positive, got {samples}.", nameof(samples));
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentException($"The confidence level must lie in (0, 1), got {confidence}.", nameof(confidence));
        }

        foreach (var o in observations)
        {
            if (!double.IsFinite(o.X) || !double.IsFinite(o.Y) || !double.IsFinite(o.Covariate))
            {
                throw new ArgumentException($"Observation of model '{o.Model}' (seed {o.Seed}) has a non-finite value (x {o.X}, y {o.Y}, covariate {o.Covariate}).", nameof(observations));
            }
        }

        // Ordered by name and seed so that the draws do not depend on the order of the input rows.
        var groups = observations.GroupBy(o => o.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(o => o.Seed).ToArray())
            .ToArray();
        int m = groups.Length;
        var x = new double[m];
        var y = new double[m];
        var z = new double[m];
        for (int i = 0; i < m; i++)
        {
            x[i] = groups[i].Average(o => o.X);
            y[i] = groups[i].Average(o => o.Y);
            z[i] = groups[i].Average(o => o.Covariate);
        }

        var point = Statistics(x, y, z);
        var random = SeededRandom.Create(seed);
        var draws = new List<double[]>(samples);
        var bx = new double[m];
        var by = new double[m];
        var bz = new double[m];
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < m; i++)
            {
                var group = groups[random.Next(m)];
                double sx = 0, sy = 0, sz = 0;
                for (int k = 0; k < group.Length; k++)
                {
                    var o = group[random.Next(group.Length)];
                    sx += o.X;
                    sy += o.Y;
                    sz += o.Covariate;
                }

                bx[i] = sx / group.Length;
                by[i] = sy / group.Length;
                bz[i] = sz / group.Length;
            }

            draws.Add(Statistics(bx, by, bz));
        }

        // Permutation test of the two plain correlations on the model means.
        int extremePearson = 0, extremeSpearman = 0;
        var permuted = (double[])y.Clone();
        for (int s = 0; s < samples; s++)
        {
            for (int i = m - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (permuted[i], permuted[j]) = (permuted[j], permuted[i]);
            }

            var p = Statistics(x, permuted, z);
            if (double.IsFinite(point[0]) && Math.Abs(p[0]) >= Math.Abs(point[0]) - 1e-12)
            {
                extremePearson++;
            }

            if (double.IsFinite(point[1]) && Math.Abs(p[1]) >= Math.Abs(point[1]) - 1e-12)
            {
                extremeSpearman++;
            }
        }

        double alpha = (1 - confidence) / 2;
        (double Low, double High) Interval(int k)
        {
            var values = draws.Select(d => d[k]).Where(double.IsFinite).OrderBy(v => v).ToArray();
            return values.Length == 0 ? (double.NaN, double.NaN) : (Quantiles.Linear(values, alpha), Quantiles.Linear(values, 1 - alpha));
        }

        var (pl, ph) = Interval(0);
        var (sl, sh) = Interval(1);
        var (ppl, pph) = Interval(2);
        var (psl, psh) = Interval(3);
        return new CorrelationEstimate
        {
            Models = m,
            Observations = observations.Count,
            Pearson = point[0],
            PearsonLow = pl,
            PearsonHigh = ph,
            PearsonP = double.IsFinite(point[0]) ? (extremePearson + 1.0) / (samples + 1.0) : double.NaN,
            Spearman = point[1],
            SpearmanLow = sl,
            SpearmanHigh = sh,
            SpearmanP = double.IsFinite(point[1]) ? (extremeSpearman + 1.0) / (samples + 1.0) : double.NaN,
            PartialPearson = point[2],
            PartialPearsonLow = ppl,
            PartialPearsonHigh = pph,
            PartialSpearman = point[3],
            PartialSpearmanLow = psl,
            PartialSpearmanHigh = psh,
            Samples = samples,
            ValidDraws = draws.Count(d => double.IsFinite(d[1])),
            Confidence = confidence,
            Seed = seed,
        };
    }

    /// <summary>Pearson correlation, NaN (not 0) when either vector is constant or shorter than three.</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({x.Length} and {y.Length}).");
        }

        return x.Length < 3 || IsConstant(x) || IsConstant(y) ? double.NaN : VectorComparisons.Pearson(x, y);
    }

    /// <summary>Partial correlation of x and y given z from the three pairwise correlations; NaN when undefined.</summary>
    /// <param name="rxy">Correlation of x and y.</param>
    /// <param name="rxz">Correlation of x and z.</param>
    /// <param name="ryz">Correlation of y and z.</param>
    public static double Partial(double rxy, double rxz, double ryz)
    {
        double d = (1 - (rxz * rxz)) * (1 - (ryz * ryz));
        return d > 1e-12 ? Math.Clamp((rxy - (rxz * ryz)) / Math.Sqrt(d), -1, 1) : double.NaN;
    }

    private static double[] Statistics(double[] x, double[] y, double[] z)
    {
        double pxy = Pearson(x, y);
        var rx = Ranking.AverageRanks(x);
        var ry = Ranking.AverageRanks(y);
        var rz = Ranking.AverageRanks(z);
        double sxy = Pearson(rx, ry);
        double partialPearson = Partial(pxy, Pearson(x, z), Pearson(y, z));
        double partialSpearman = Partial(sxy, Pearson(rx, rz), Pearson(ry, rz));
        return [pxy, sxy, partialPearson, partialSpearman];
    }

    private static bool IsConstant(ReadOnlySpan<double> v)
    {
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] != v[0])
            {
                return false;
            }
        }

        return true;
    }
}
