namespace BioVision.Rsa.Inference;

/// <summary>One trained model instance (a model variant and a training seed) with two measures and a covariate.</summary>
/// <param name="Model">Model (variant) name; observations with the same name are seeds of one model.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="X">First measure (for example a brain-similarity score).</param>
/// <param name="Y">Second measure (for example robust accuracy).</param>
/// <param name="Covariate">Measure to control for in the partial correlation (for example clean accuracy).</param>
public sealed record ModelObservation(string Model, long Seed, double X, double Y, double Covariate);
