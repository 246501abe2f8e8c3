namespace BioVision.Robustness.Attacks;

/// <summary>Which iterate an iterative attack returns.</summary>
public enum PgdIterate
{
    /// <summary>The last iterate (torchattacks, foolbox, ART and the VOneNet authors).</summary>
    Last,

    /// <summary>
    /// Per image, the iterate misclassified by the largest fraction of EOT draws, ties broken by the higher draw-averaged
    /// loss (a stochastic-model-aware version of AutoAttack's <c>x_best_adv</c>).
    /// </summary>
    Best,
}
