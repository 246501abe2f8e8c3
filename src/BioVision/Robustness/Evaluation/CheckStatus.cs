namespace BioVision.Robustness.Evaluation;

/// <summary>Outcome of a sanity check.</summary>
public enum CheckStatus
{
    /// <summary>The check held.</summary>
    Passed,

    /// <summary>The check failed: the evaluation is not trustworthy as it stands.</summary>
    Failed,

    /// <summary>The check could not run (e.g. no undefended control model was given).</summary>
    Skipped,
}
