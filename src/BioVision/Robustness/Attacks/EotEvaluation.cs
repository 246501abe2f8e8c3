using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// What one EOT evaluation of a batch returns: the loss averaged over the noise draws, the fraction of draws that
/// misclassify, the mean logits and (when asked for) the mean input gradient of the loss.
/// </summary>
/// <param name="Loss">Draw-averaged loss per image [N].</param>
/// <param name="Wrong">Fraction of draws whose top-1 class is not the label, per image [N].</param>
/// <param name="MeanLogits">Logits averaged over draws [N, K].</param>
/// <param name="Gradient">Mean over draws of the input gradient of the loss [N, C, H, W], or null.</param>
public sealed record EotEvaluation(Tensor Loss, Tensor Wrong, Tensor MeanLogits, Tensor? Gradient);
