using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa;

/// <summary>
/// Transforms of RDM collections (rsatoolbox's <c>rdm.transform</c> and <c>pool_rdm</c>). Each returns a new
/// <see cref="Rdms"/> and leaves its input untouched (rsatoolbox's transforms modify their input in place — a defect
/// not reproduced here).
/// </summary>
public static class RdmTransforms
{
    /// <summary>Replaces each RDM by the average ranks of its entries (1-based; NaN entries stay NaN).</summary>
    /// <param name="rdms">Input RDMs.</param>
    public static Rdms Rank(Rdms rdms)
    {
        ArgumentNullException.ThrowIfNull(rdms);
        return rdms.Map(v => Ranking.AverageRanks(v), "Rank-transformed " + rdms.DissimilarityMeasure);
    }

    /// <summary>Square root of every entry, negative entries (possible for cross-validated distances) set to 0 first.</summary>
    /// <param name="rdms">Input RDMs.</param>
    public static Rdms Sqrt(Rdms rdms)
    {
        ArgumentNullException.ThrowIfNull(rdms);
        return rdms.Map(v => v.Select(x => double.IsNaN(x) ? x : Math.Sqrt(Math.Max(x, 0))).ToArray(), "sqrt of " + rdms.DissimilarityMeasure);
    }

    /// <summary>
    /// Pools several RDMs into one estimate suited to <paramref name="method"/> (rsatoolbox's <c>pool_rdm</c>):
    /// cosine — each RDM divided by its root mean square, then averaged; Pearson — z-scored (population SD),
    /// averaged and shifted so the minimum is 0; rank methods — average of the rank transforms; NaN entries ignored.
    /// </summary>
    /// <param name="rdms">RDMs to pool.</param>
    /// <param name="method">The comparison the pooled RDM will be used with.</param>
    public static Rdms Pool(Rdms rdms, ComparisonMethod method)
    {
        ArgumentNullException.ThrowIfNull(rdms);
        var pooled = rdms.Map(v => PoolPrepare(v, method)).Mean();
        if (method is ComparisonMethod.Pearson or ComparisonMethod.PearsonCov)
        {
            double min = pooled.Vector(0).ToArray().Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Min();
            pooled = pooled.Map(v => v.Select(x => x - min).ToArray());
        }

        return pooled;
    }

    /// <summary>The per-RDM step of <see cref="Pool"/> (normalise, z-score or rank) applied to one vector.</summary>
    internal static double[] PoolPrepare(double[] vector, ComparisonMethod method)
    {
        Func<double[], double[]> prepare = method switch
        {
            ComparisonMethod.Cosine or ComparisonMethod.CosineCov => v =>
            {
                double rms = Math.Sqrt(NanMean(v.Select(x => x * x)));
                return v.Select(x => x / rms).ToArray();
            },
            ComparisonMethod.Pearson or ComparisonMethod.PearsonCov => v =>
            {
                double mean = NanMean(v);
                double sd = Math.Sqrt(NanMean(v.Select(x => (x - mean) * (x - mean))));
                return v.Select(x => (x - mean) / sd).ToArray();
            },
            _ => v => Ranking.AverageRanks(v),
        };
        return prepare(vector);
    }

    private static double NanMean(IEnumerable<double> values)
    {
        double s = 0;
        int n = 0;
        foreach (double x in values)
        {
            if (!double.IsNaN(x))
            {
                s += x;
                n++;
            }
        }

        return n == 0 ? double.NaN : s / n;
    }
}
