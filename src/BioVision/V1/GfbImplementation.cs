namespace BioVision.V1;

/// <summary>How the Gabor filter bank convolution is computed (the outputs agree to float32 rounding).</summary>
public enum GfbImplementation
{
    /// <summary>
    /// Default: every filter reads one colour channel, so filters are grouped by channel and run as one grouped
    /// convolution with one input channel per group; only the q0 filters of simple cells and the q0/q1 filters of complex
    /// cells are computed (S + 2C filters instead of the reference's 2 × (S + C) × 3 channels).
    /// </summary>
    Grouped,

    /// <summary>Like <see cref="Grouped"/>, as one convolution per colour channel over that channel's filters only (no padding filters).</summary>
    PerChannel,

    /// <summary>Like <see cref="PerChannel"/>, written as im2col (<c>unfold</c>) plus one matrix product per colour channel.</summary>
    Unfold,

    /// <summary>The reference formulation: two dense convolutions over all input channels with mostly zero weights.</summary>
    Dense,
}
