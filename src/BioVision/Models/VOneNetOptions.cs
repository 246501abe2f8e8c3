using BioVision.V1;

namespace BioVision.Models;

/// <summary>Options of <see cref="VOneNet.Create"/>.</summary>
public sealed record VOneNetOptions
{
    /// <summary>True (default) for a VOneNet (V1 block + 1×1 bottleneck + back end without stem); false for the plain backbone baseline.</summary>
    public bool UseV1FrontEnd { get; init; } = true;

    /// <summary>The V1 block (defaults: the reference's 224-pixel block). Its <c>InputChannels</c> also sets the baseline's input channels.</summary>
    public VOneBlockOptions Block { get; init; } = new();

    /// <summary>Options for small images: the V1 block from <see cref="ScaledFrontEnd.ForImageSize"/>.</summary>
    /// <param name="imageSize">Image side in pixels (e.g. 28, 32, 64).</param>
    /// <param name="inputChannels">1 for grayscale, 3 for colour.</param>
    public static VOneNetOptions ForImageSize(int imageSize, int inputChannels = 3) =>
        new() { Block = ScaledFrontEnd.ForImageSize(imageSize, inputChannels) };
}
