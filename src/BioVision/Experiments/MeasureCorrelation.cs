using BioVision.Rsa.Inference;

namespace BioVision.Experiments;

/// <summary>The correlation across models between one brain-similarity score and one robustness measure.</summary>
/// <param name="BrainScore">Name of the brain-similarity score.</param>
/// <param name="Robustness">Name of the robustness measure.</param>
/// <param name="Correlation">Pearson and Spearman correlations with intervals and partial correlations given clean accuracy.</param>
public sealed record MeasureCorrelation(string BrainScore, string Robustness, CorrelationEstimate Correlation);
