namespace BioVision.Robustness.Evaluation;

/// <summary>
/// The per-image worst case across every attack run at one norm and eps: an image counts with its lowest
/// correct-draw count over the attacks (Carlini et al. 2019: mean over images of the minimum over attacks). The minimum
/// of noisy per-attack estimates errs low, i.e. on the safe side for a robustness claim.
/// </summary>
/// <param name="Norm">The norm.</param>
/// <param name="Epsilon">The radius.</param>
/// <param name="Attacks">The attacks combined.</param>
/// <param name="Accuracy">Worst-case robust accuracy.</param>
public sealed record WorstCaseResult(ThreatNorm Norm, double Epsilon, IReadOnlyList<string> Attacks, RobustAccuracy Accuracy);
