namespace BioVision.Rsa.Noise;

/// <summary>How degrees of freedom are counted when the noise is estimated from repeated measurements.</summary>
public enum DegreesOfFreedom
{
    /// <summary>
    /// conditions × (repetitions − 1): one mean is estimated per condition. The correct count (default); the shrinkage
    /// weight uses the same degrees of freedom throughout, so its correlations are the sample correlations.
    /// </summary>
    Corrected,

    /// <summary>
    /// rsatoolbox f1f83cad exactly: (conditions − 1) × repetitions degrees of freedom for repeated measurements (a
    /// defect), and the Schäfer–Strimmer shrinkage weight computed from cross-products standardised by
    /// observations − 1 rather than by the degrees of freedom (differs from <see cref="Corrected"/> whenever the degrees
    /// of freedom are not observations − 1). Use it to reproduce rsatoolbox's numbers.
    /// </summary>
    Reference,
}
