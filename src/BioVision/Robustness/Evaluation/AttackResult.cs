namespace BioVision.Robustness.Evaluation;

/// <summary>One attack at one eps on the evaluated images.</summary>
/// <param name="Attack">The attack's label (see <see cref="AttackSpec.Label"/>).</param>
/// <param name="Kind">Its family.</param>
/// <param name="Norm">Its norm.</param>
/// <param name="Epsilon">Its radius in [0, 1] pixel units.</param>
/// <param name="EotSamples">EOT draws used while attacking.</param>
/// <param name="Role">Why it ran: the sweep and/or the sanity checks it serves.</param>
/// <param name="Accuracy">Robust accuracy scored with fresh draws, bounded per image by clean correctness (AutoAttack's
/// rule; see <see cref="RobustnessEvaluator"/>).</param>
/// <param name="PerImageCorrect">Robust correct scoring draws per image, min(clean, attacked) (for per-image worst cases
/// across attacks).</param>
/// <param name="MaxPerturbation">Largest perturbation norm over the images (must not exceed eps).</param>
/// <param name="InBox">Whether every adversarial pixel lies in [0, 1].</param>
/// <param name="Seconds">Wall-clock time of the attack and its scoring.</param>
/// <param name="Queries">Queries per image of a score-based attack (Square); null for the gradient attacks.</param>
public sealed record AttackResult(
    string Attack,
    AttackKind Kind,
    ThreatNorm Norm,
    double Epsilon,
    int EotSamples,
    AttackRole Role,
    RobustAccuracy Accuracy,
    IReadOnlyList<int> PerImageCorrect,
    double MaxPerturbation,
    bool InBox,
    double Seconds,
    QueryCounts? Queries = null)
{
    /// <summary>Whether this attack belongs to an eps sweep (rather than to a sanity check).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSweep => Role.HasFlag(AttackRole.Sweep);
}
