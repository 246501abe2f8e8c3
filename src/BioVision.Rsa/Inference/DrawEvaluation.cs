namespace BioVision.Rsa.Inference;

/// <summary>The evaluation of every model, and the noise ceiling, on one (resampled) data set.</summary>
/// <param name="Evaluations">Per model: the mean over data RDMs of the model–data similarity.</param>
/// <param name="NoiseCeiling">Noise ceiling of the (resampled) data.</param>
public sealed record DrawEvaluation(IReadOnlyList<double> Evaluations, NoiseCeiling NoiseCeiling);
