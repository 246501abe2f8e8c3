namespace BioVision.Cli.Commands;

/// <summary>The adversarial training choices of <c>biovision train --adversarial</c>.</summary>
internal enum AdversarialKind
{
    /// <summary>Clean training.</summary>
    None,

    /// <summary>FGSM with random start (Wong, Rice and Kolter 2020).</summary>
    Fgsm,

    /// <summary>Seven-step PGD (Madry et al. 2018).</summary>
    Pgd,
}
