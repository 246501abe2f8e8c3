namespace BioVision.Rsa.Inference;

/// <summary>How model evaluations are resampled to estimate their uncertainty (rsatoolbox's <c>cv_method</c>).</summary>
public enum EvaluationKind
{
    /// <summary>No resampling: variability across subjects (data RDMs) only (<c>fixed</c>).</summary>
    Fixed,

    /// <summary>Bootstrap over subjects / data RDMs (<c>bootstrap_rdm</c>): generalisation to new subjects.</summary>
    BootstrapRdms,

    /// <summary>Bootstrap over stimuli / conditions (<c>bootstrap_pattern</c>): generalisation to new stimuli.</summary>
    BootstrapPatterns,

    /// <summary>Joint bootstrap over subjects and stimuli (<c>bootstrap</c>).</summary>
    BootstrapBoth,

    /// <summary>
    /// Dual bootstrap (<c>dual_bootstrap</c>): joint, subject-only and stimulus-only bootstraps combined by the
    /// small-sample formula of Schütt et al. (2023), which removes the double counting of the joint bootstrap.
    /// </summary>
    DualBootstrap,
}
