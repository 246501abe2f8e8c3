namespace BioVision.Experiments;

/// <summary>
/// Everything the study measured on one trained model (variant x seed), flattened to named numbers: clean accuracy,
/// robustness measures (robust accuracy per attack and eps, corruption accuracy, mCE) and brain-similarity scores
/// (V1 properties, V4, IT). Names are stable keys such as <c>pgd-linf@0.0039</c> or <c>v1.marques</c>.
/// </summary>
/// <param name="Variant">Variant name.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="CleanAccuracy">Clean test accuracy in [0, 1].</param>
/// <param name="Robustness">Robustness measures (higher is more robust, except names ending in <c>mce</c>).</param>
/// <param name="BrainSimilarity">Brain-similarity scores (higher is more brain-like).</param>
public sealed record ModelMeasures(
    string Variant,
    long Seed,
    double CleanAccuracy,
    IReadOnlyDictionary<string, double> Robustness,
    IReadOnlyDictionary<string, double> BrainSimilarity);
