namespace BioVision.Experiments;

/// <summary>Adversarial training used by a study variant.</summary>
public enum StudyAdversarialTraining
{
    /// <summary>Standard training.</summary>
    None,

    /// <summary>"Fast" FGSM with a uniform random start and step 1.25 eps (Wong, Rice &amp; Kolter 2020), as Berrios &amp; Deza (2022).</summary>
    FgsmRandomStart,
}
