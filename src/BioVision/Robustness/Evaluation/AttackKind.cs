namespace BioVision.Robustness.Evaluation;

/// <summary>The attack families an evaluation can sweep.</summary>
public enum AttackKind
{
    /// <summary>FGSM / FGM (<see cref="Attacks.Fgsm"/>).</summary>
    Fgsm,

    /// <summary>PGD (<see cref="Attacks.Pgd"/>), Linf, L2 or L1 (SLIDE or the dense reproduction step).</summary>
    Pgd,

    /// <summary>Untargeted APGD with CE or DLR (<see cref="Attacks.Apgd"/>).</summary>
    Apgd,

    /// <summary>Targeted APGD with targeted DLR (<see cref="Attacks.Apgd"/> with target classes).</summary>
    ApgdTargeted,

    /// <summary>Square, gradient-free (<see cref="Attacks.Square"/>).</summary>
    Square,
}
