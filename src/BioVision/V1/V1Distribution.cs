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
}
