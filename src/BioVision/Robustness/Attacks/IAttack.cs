using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>An evasion attack within an eps-ball of a threat model in [0, 1] pixel space.</summary>
public interface IAttack
{
    /// <summary>A short name for tables, e.g. <c>PGD-Linf</c>.</summary>
    string Name { get; }

    /// <summary>The ball's norm.</summary>
    ThreatNorm Norm { get; }

    /// <summary>The ball's radius in [0, 1] pixel units.</summary>
    double Epsilon { get; }

    /// <summary>
    /// Returns adversarial images (detached, same shape and device), inside the ball around <paramref name="images"/> and
    /// inside [0, 1]. Randomness comes from torch's global generator.
    /// </summary>
    /// <param name="model">The model under attack, with its EOT setting.</param>
    /// <param name="images">Clean images [N, C, H, W] in [0, 1].</param>
    /// <param name="labels">True classes [N].</param>
    Tensor Perturb(AttackModel model, Tensor images, Tensor labels);
}
