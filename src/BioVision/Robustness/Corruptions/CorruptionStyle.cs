namespace BioVision.Robustness.Corruptions;

/// <summary>
/// Choices where the published generators disagree with each other or with their own intent. Defaults reproduce
/// hendrycks/robustness (8190fe3), the code that made the released CIFAR-10-C, Tiny-ImageNet-C and ImageNet-C.
/// </summary>
public sealed record CorruptionStyle
{
    /// <summary>The defaults: the released data sets' generators.</summary>
    public static CorruptionStyle Reference { get; } = new();

    /// <summary>Zoom blur's magnification. Default <see cref="ZoomBlurMode.ReferenceCrop"/>.</summary>
    public ZoomBlurMode ZoomBlur { get; init; } = ZoomBlurMode.ReferenceCrop;

    /// <summary>Pixelate's upsampling. Default <see cref="PixelateUpsampling.Box"/>.</summary>
    public PixelateUpsampling PixelateUpsampling { get; init; } = PixelateUpsampling.Box;

    /// <summary>A short key of the choices for cache keys (e.g. <c>ReferenceCrop-Box</c>).</summary>
    public string Key => $"{ZoomBlur}-{PixelateUpsampling}";
}
