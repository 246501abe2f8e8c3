namespace BioVision.V1;

/// <summary>The stochastic layer after the V1 nonlinearities.</summary>
public enum NoiseMode
{
    /// <summary>No noise: the block is deterministic.</summary>
    None,

    /// <summary>
    /// Poisson-like noise (reference <c>'neuronal'</c>, the default): the response <c>r</c> is mapped to a rate
    /// <c>s·r + l</c>, Gaussian noise with variance equal to that rate (Fano factor 1) is added, and the result is mapped
    /// back, so the output variance is <c>(s·r + l)/s²</c> before the final rectification.
    /// </summary>
    Neuronal,

    /// <summary>Additive Gaussian noise with standard deviation <see cref="VOneBlockOptions.NoiseScale"/>.</summary>
    Gaussian,
}
