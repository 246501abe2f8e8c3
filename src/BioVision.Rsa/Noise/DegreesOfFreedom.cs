namespace BioVision.Rsa.Noise;

/// <summary>How degrees of freedom are counted when the noise is estimated from repeated measurements.</summary>
public enum DegreesOfFreedom
{
    /// <summary>conditions × (repetitions − 1): one mean is estimated per condition. The correct count (default).</summary>
    Corrected,

    /// <summary>(conditions − 1) × repetitions, as rsatoolbox's <c>prec_from_measurements</c> at f1f83cad (a defect).</summary>
    Reference,
}
