namespace BioVision.V1;

/// <summary>Which filters the V1 block's linear stage holds.</summary>
public enum V1FilterKind
{
    /// <summary>Gabor quadrature pairs with parameters sampled from macaque V1 (the VOneBlock, the default).</summary>
    Gabor,

    /// <summary>
    /// Control: for every channel, white Gaussian noise kernels (q0 and q1 drawn independently from a stream seeded with
    /// the sampler's seed) in the same colour channel as the Gabor they replace and scaled to that Gabor's L2 norm. The
    /// filter count, energy, simple/complex nonlinearities, gain and noise are the VOneBlock's; only the V1-likeness of
    /// the filters is gone, so the study can separate "V1-like" from "fixed" and "stochastic".
    /// </summary>
    Random,
}
