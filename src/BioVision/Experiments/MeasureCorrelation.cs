using BioVision.Rsa.Inference;

namespace BioVision.Experiments;

/// <summary>The correlation across models between one brain-similarity score and one robustness measure.</summary>
/// <param name="BrainScore">Name of the brain-similarity score.</param>
/// <param name="Robustness">Name of the robustness measure.</param>
/// <param name="Correlation">Pearson and Spearman correlations with intervals and partial correlations given clean accuracy.</param>
public sealed record MeasureCorrelation(string BrainScore, string Robustness, CorrelationEstimate Correlation)
{
    /// <summary>
    /// The Pearson permutation p-value adjusted by Benjamini-Hochberg over every brain score x robustness pair of the
    /// analysis (<see cref="MultipleComparisons.BenjaminiHochberg"/>); NaN when undefined.
    /// </summary>
    public double PearsonQ { get; init; } = double.NaN;

    /// <summary>The Spearman permutation p-value adjusted the same way.</summary>
    public double SpearmanQ { get; init; } = double.NaN;
}
