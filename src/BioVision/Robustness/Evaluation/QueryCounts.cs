namespace BioVision.Robustness.Evaluation;

/// <summary>
/// Queries a score-based attack (Square) spent per image: 1 for its start plus 1 per iteration in which the image was
/// not yet fooled, as fra31/auto-attack's <c>square.py</c> counts them (<c>n_queries</c>). One query of a stochastic
/// model costs its EOT draws in forward passes.
/// </summary>
/// <param name="Mean">Mean queries per image.</param>
/// <param name="Median">Median queries per image (mean of the two middle counts for an even number of images).</param>
/// <param name="Max">Most queries spent on one image (1 + the iteration budget for an image never fooled).</param>
/// <param name="PerImage">Queries per image, in the order of the evaluated images.</param>
public sealed record QueryCounts(double Mean, double Median, int Max, IReadOnlyList<int> PerImage)
{
    /// <summary>Summarises per-image query counts.</summary>
    /// <param name="perImage">Queries per image (each at least 0).</param>
    /// <exception cref="ArgumentException">No images or a negative count.</exception>
    public static QueryCounts FromCounts(IReadOnlyList<int> perImage)
    {
        ArgumentNullException.ThrowIfNull(perImage);
        if (perImage.Count == 0 || perImage.Any(q => q < 0))
        {
            throw new ArgumentException("Query counts need at least one image and no negative count.", nameof(perImage));
        }

        var sorted = perImage.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + (double)sorted[n / 2]) / 2;
        return new QueryCounts(perImage.Average(q => (double)q), median, sorted[^1], perImage.ToArray());
    }
}
