using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// The fast gradient sign method (Goodfellow et al. 2015) and its L2 form (fast gradient method): one step of size eps
/// from the clean image, <c>x + ε·sign(∇L)</c> (or <c>ε·g/‖g‖₂</c>), clipped to [0, 1]; no random start (torchattacks,
/// foolbox). With EOT the gradient is the draw average. The single-step reference of the "PGD ≥ FGSM" check.
/// </summary>
public sealed record Fgsm : IAttack
{
    /// <inheritdoc />
    public ThreatNorm Norm { get; init; } = ThreatNorm.Linf;

    /// <inheritdoc />
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <inheritdoc />
    public string Name => Norm == ThreatNorm.Linf ? "FGSM" : "FGM-" + Norm;

    /// <inheritdoc />
    public Tensor Perturb(AttackModel model, Tensor images, Tensor labels) =>
        new Pgd
        {
            Norm = Norm, Epsilon = Epsilon, Steps = 1, RelativeStepSize = 1, RandomStart = false, Iterate = PgdIterate.Last,
            L1Step = L1Step.DenseReproduction,
        }.Perturb(model, images, labels);
}
