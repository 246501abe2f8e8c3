namespace BioVision.Experiments;

/// <summary>Outcome of testing a published claim at the study's scale.</summary>
public enum Verdict
{
    /// <summary>The interval excludes zero in the claimed direction.</summary>
    Holds,

    /// <summary>The interval excludes zero in the opposite direction, or the claimed pattern is absent.</summary>
    DoesNotHold,

    /// <summary>The interval includes zero: this scale cannot tell.</summary>
    Inconclusive,

    /// <summary>The measures the claim needs were not run (for example no neural data).</summary>
    NotTested,
}
