namespace BioVision.V1;

/// <summary>When the V1 noise is applied, independent of the module's training flag.</summary>
public enum NoiseControl
{
    /// <summary>Noise in both training and evaluation mode (the reference behaviour, default).</summary>
    AlwaysOn,

    /// <summary>Noise only while the module is in training mode; evaluation is deterministic.</summary>
    FollowTraining,

    /// <summary>Never apply noise (as <see cref="NoiseMode.None"/>, but keeps the configured mode for later).</summary>
    Off,

    /// <summary>
    /// Noise drawn afresh from a generator seeded with <see cref="VOneBlockOptions.NoiseSeed"/> on every call, so the same
    /// input gives the same output (reproducible attacks); the draw depends only on the output shape, so any batch size works.
    /// </summary>
    FixedSeed,
}
