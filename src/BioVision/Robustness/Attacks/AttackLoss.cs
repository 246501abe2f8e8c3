namespace BioVision.Robustness.Attacks;

/// <summary>The per-image objective an attack maximises (all computed on logits, never on probabilities).</summary>
public enum AttackLoss
{
    /// <summary>Cross-entropy of the true class.</summary>
    CrossEntropy,

    /// <summary>
    /// Difference of logits ratio (Croce and Hein 2020): <c>-(z_y - max_{i≠y} z_i) / (z_π1 - z_π3 + 1e-12)</c>; invariant
    /// to shifting and scaling the logits; needs at least 3 classes.
    /// </summary>
    Dlr,

    /// <summary>Targeted DLR: <c>-(z_y - z_t) / (z_π1 - (z_π3 + z_π4)/2 + 1e-12)</c>; needs at least 4 classes.</summary>
    TargetedDlr,

    /// <summary>Margin <c>max_{i≠y} z_i - z_y</c> (positive when misclassified); Square's objective.</summary>
    Margin,
}
