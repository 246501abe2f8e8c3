namespace BioVision.V1;

/// <summary>Which distributions the Gabor parameters are drawn from.</summary>
public enum V1Distribution
{
    /// <summary>
    /// Empirical macaque V1 distributions (the reference default): De Valois et al. 1982 orientation and peak spatial
    /// frequency histograms, Ringach 2002 joint (nx, ny) envelope histogram, nx and spatial frequency coupled by a
    /// Gaussian copula, uniform phase.
    /// </summary>
    Neuronal,

    /// <summary>Uniform control (<c>rand_param=True</c> in the reference): uniform orientation, log-uniform frequency and envelope.</summary>
    Uniform,

    /// <summary>
    /// EVNet's revision of the sampler (Piper et al. 2025, <c>evnet.params.generate_gabor_param</c>,
    /// <see cref="EVNetGaborSampler"/>): simple and complex cells drawn separately, complex cells from De Valois et al.'s
    /// own complex-cell frequency histogram, a 4 × 4 Ringach histogram over nx, ny in [0.1, 1], orientations not wrapped
    /// into [0, 180), and colour channels dealt in equal shares and shuffled from the same stream.
    /// </summary>
    EVNet,
}
