using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// Runs several attacks of the same threat model and keeps, per image, the strongest result (Carlini et al. 2019:
/// report the mean over images of the minimum over attacks). "Strongest" is judged by the attacking model's EOT draws:
/// the candidate misclassified by the most draws, ties broken by the higher draw-averaged cross-entropy.
/// </summary>
/// <param name="Attacks">The attacks (all with the same norm and eps).</param>
public sealed record CompositeAttack(IReadOnlyList<IAttack> Attacks) : IAttack
{
    /// <inheritdoc />
    public string Name => "Worst case (" + string.Join(", ", Attacks.Select(a => a.Name)) + ")";

    /// <inheritdoc />
    public ThreatNorm Norm => Attacks.Count > 0 ? Attacks[0].Norm : ThreatNorm.Linf;

    /// <inheritdoc />
    public double Epsilon => Attacks.Count > 0 ? Attacks[0].Epsilon : 0;

    /// <inheritdoc />
    public Tensor Perturb(AttackModel model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Attacks.Count == 0 || Attacks.Any(a => a.Norm != Norm || a.Epsilon != Epsilon))
        {
            throw new ArgumentException("A composite attack needs at least one attack, all with the same norm and eps.");
        }

        using var scope = NewDisposeScope();
        using var tracker = new BestTracker();
        foreach (var attack in Attacks)
        {
            using var attackScope = NewDisposeScope();
            var adversarial = attack.Perturb(model, images, labels);
            tracker.Offer(adversarial, model.Evaluate(adversarial, labels, AttackLoss.CrossEntropy, gradient: false));
        }

        return tracker.Result().MoveToOuterDisposeScope();
    }
}
