using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>
/// Resizes to a fixed height and width with the one model-input resize, <see cref="ImageResize"/>: bilinear, half-pixel
/// centres (<c>align_corners=false</c>), antialiased when shrinking — torchvision's <c>transforms.Resize((h, w))</c> on
/// tensors with its default <c>antialias=True</c>, and PIL's bilinear within one grey level.
/// </summary>
/// <remarks>
/// Until the one resize this transform was plain bilinear without antialiasing (torchvision's tensor default before
/// 0.17), which reads at most two input pixels per output pixel and axis and so aliases when shrinking; enlarging gives
/// the same result as before.
/// </remarks>
/// <param name="Height">Target height, at least 1.</param>
/// <param name="Width">Target width, at least 1.</param>
public sealed record Resize(int Height, int Width) : IImageTransform
{
    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Height"/> or <see cref="Width"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The images are not [C, H, W] or [N, C, H, W] floating-point tensors.</exception>
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random) => ImageResize.Apply(images, Height, Width);
}
