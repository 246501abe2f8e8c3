using System.Globalization;

namespace BioVision.Benchmarks.Neural;

/// <summary>The score of one layer on one data set, with a 95% interval.</summary>
/// <param name="Layer">Layer name.</param>
/// <param name="Score">The score (e.g. mean RDM similarity, median Pearson r).</param>
/// <param name="Lower">Lower end of the 95% interval (bootstrap percentile or normal approximation; see the data set's <see cref="DatasetScores.Interval"/>).</param>
/// <param name="Upper">Upper end of the 95% interval.</param>
public sealed record LayerScore(string Layer, double Score, double Lower, double Upper)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Layer}: {Score:F4} [{Lower:F4}, {Upper:F4}]");
}
