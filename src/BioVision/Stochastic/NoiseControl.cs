namespace BioVision.Stochastic;

/// <summary>When a stochastic module (<see cref="IStochasticModule"/>, e.g. the VOneBlock) applies its noise, independent of the module's training flag.</summary>
public enum NoiseControl
{
    /// <summary>Noise in both training and evaluation mode (the reference behaviour, default).</summary>
    AlwaysOn,

    /// <summary>Noise only while the module is in training mode; evaluation is deterministic.</summary>
    FollowTraining,

    /// <summary>Never apply noise (as a noise mode of none, but keeps the configured noise for later).</summary>
    Off,

    /// <summary>
    /// Noise drawn afresh from a generator seeded with the module's noise seed (the VOneBlock's <c>NoiseSeed</c>) on every call, so the same
    /// input gives the same output (reproducible attacks); the draw depends only on the output shape, so any batch size works.
    /// </summary>
    FixedSeed,
}
