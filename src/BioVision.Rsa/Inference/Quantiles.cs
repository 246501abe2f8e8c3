namespace BioVision.Rsa.Inference;

/// <summary>Quantiles of sorted samples, as used for percentile bootstrap intervals.</summary>
public static class Quantiles
{
    /// <summary>
    /// The q-quantile of ascending <paramref name="sorted"/> values by linear interpolation between order statistics
    /// (numpy's default "linear" method: position q·(n − 1)).
    /// </summary>
    /// <param name="sorted">Values in ascending order (at least one).</param>
    /// <param name="q">Quantile in [0, 1].</param>
    /// <exception cref="ArgumentException">No values, or q outside [0, 1].</exception>
    public static double Linear(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0 || !(q >= 0 && q <= 1))
        {
            throw new ArgumentException($"A quantile needs at least one value and q in [0, 1] (got {sorted.Count} values, q = {q}).");
        }

        double h = (sorted.Count - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
