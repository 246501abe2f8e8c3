namespace BioVision.V1;

/// <summary>How the Gabor filter bank convolution is computed (the outputs agree to float32 rounding).</summary>
public enum GfbImplementation
{
    /// <summary>
    /// Default: every filter reads one colour channel, so the filters are grouped by colour and each group runs as one
    /// convolution of that single input channel; only the q0 filters of simple cells and the q0/q1 filters of complex cells
    /// are computed. Work: (S + 2C)·k² multiply-adds per output pixel instead of the reference's 2·(S + C)·3·k²
    /// (768 vs 3072 filter-channels with the defaults, 4× less).
    /// </summary>
    PerChannel,

    /// <summary>The same grouping as one <c>conv2d(groups = InputChannels)</c> call, each group padded to the largest group.</summary>
    Grouped,

    /// <summary>The same grouping written as im2col (<c>unfold</c>) plus one matrix product per colour channel (memory hungry).</summary>
    Unfold,

    /// <summary>The reference formulation: two dense convolutions over all input channels with mostly zero weights.</summary>
    Dense,
}
