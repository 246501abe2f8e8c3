using BioVision.Robustness.Evaluation;

namespace BioVision.Robustness.Corruptions;

/// <summary>Accuracy on one corruption at one severity.</summary>
/// <param name="Corruption">The reference name (e.g. <c>gaussian_noise</c>).</param>
/// <param name="Severity">1 to 5.</param>
/// <param name="Accuracy">Accuracy scored with fresh noise draws.</param>
/// <param name="Seconds">Time to corrupt and score.</param>
public sealed record CorruptionResult(string Corruption, int Severity, RobustAccuracy Accuracy, double Seconds);
