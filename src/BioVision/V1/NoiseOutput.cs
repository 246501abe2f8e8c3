namespace BioVision.V1;

/// <summary>
/// What the <see cref="NoiseMode.Neuronal"/> noise returns: the noisy rate <c>y = s·r + l + n·√(F·relu(s·r + l) + ε)</c>
/// mapped back to response units and rectified (VOneNet), or the noisy rate itself (EVNet).
/// </summary>
public enum NoiseOutput
{
    /// <summary>VOneNet (Dapello et al. 2020, the default): <c>relu((y − l)/s)</c>, so the output has the response's units and is non-negative.</summary>
    RescaledRectified,

    /// <summary>
    /// EVNet (Piper et al. 2025): <c>y</c> as drawn, neither shifted back, rescaled nor rectified (the reference's VOneBlock
    /// there leaves those steps commented out); with its scale 1 and level 0 that is <c>r + n·√(F·relu(r) + ε)</c>, which can be negative.
    /// </summary>
    Raw,
}
