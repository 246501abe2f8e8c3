namespace BioVision.Rsa.Comparisons;

/// <summary>
/// Options of the whitened comparisons (<see cref="ComparisonMethod.PearsonCov"/>, <see cref="ComparisonMethod.CosineCov"/>).
/// Default: no pattern covariance (i.i.d. noise), as rsatoolbox's <c>sigma_k=None</c>.
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>Diagonal pattern covariance (one variance per condition), or null.</summary>
    public IReadOnlyList<double>? PatternVariances { get; init; }

    /// <summary>Full pattern covariance (conditions × conditions), or null. Whitening then uses the full RDM-entry covariance V (slower: O(pairs³)).</summary>
    public double[,]? PatternCovariance { get; init; }
}
