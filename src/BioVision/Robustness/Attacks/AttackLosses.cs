using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>Per-image attack objectives on logits (see <see cref="AttackLoss"/>).</summary>
public static class AttackLosses
{
    /// <summary>The loss of every image, shape [N].</summary>
    /// <param name="kind">Which objective.</param>
    /// <param name="logits">Logits [N, K].</param>
    /// <param name="labels">True classes [N].</param>
    /// <param name="targets">Target classes [N] (only for <see cref="AttackLoss.TargetedDlr"/>).</param>
    /// <exception cref="ArgumentException">Too few classes for DLR, or targets missing.</exception>
    public static Tensor Compute(AttackLoss kind, Tensor logits, Tensor labels, Tensor? targets = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        long k = logits.shape[1];
        switch (kind)
        {
            case AttackLoss.CrossEntropy:
                return nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
            case AttackLoss.Margin:
                return OtherMax(logits, labels) - TrueLogit(logits, labels);
            case AttackLoss.Dlr:
            {
                if (k < 3)
                {
                    throw new ArgumentException($"The DLR loss needs at least 3 classes (got {k}).", nameof(logits));
                }

                var sorted = logits.sort(1, descending: true).Values;
                var denominator = sorted.select(1, 0) - sorted.select(1, 2) + 1e-12;
                return (OtherMax(logits, labels) - TrueLogit(logits, labels)) / denominator;
            }

            case AttackLoss.TargetedDlr:
            {
                if (k < 4)
                {
                    throw new ArgumentException($"The targeted DLR loss needs at least 4 classes (got {k}).", nameof(logits));
                }

                if (targets is null)
                {
                    throw new ArgumentException("The targeted DLR loss needs target classes.", nameof(targets));
                }

                var sorted = logits.sort(1, descending: true).Values;
                var denominator = sorted.select(1, 0) - ((sorted.select(1, 2) + sorted.select(1, 3)) / 2) + 1e-12;
                return -(TrueLogit(logits, labels) - TrueLogit(logits, targets)) / denominator;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown attack loss.");
        }
    }

    /// <summary>The logit of each image's label, shape [N].</summary>
    /// <param name="logits">Logits [N, K].</param>
    /// <param name="labels">Classes [N].</param>
    public static Tensor TrueLogit(Tensor logits, Tensor labels) => logits.gather(1, labels.unsqueeze(1)).squeeze(1);

    /// <summary>The largest logit other than the label's, shape [N].</summary>
    /// <param name="logits">Logits [N, K].</param>
    /// <param name="labels">Classes [N].</param>
    public static Tensor OtherMax(Tensor logits, Tensor labels)
    {
        var mask = nn.functional.one_hot(labels, logits.shape[1]).to_type(ScalarType.Bool);
        return logits.masked_fill(mask, float.NegativeInfinity).amax([1]);
    }
}
