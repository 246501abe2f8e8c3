using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Crops the central <see cref="Height"/> x <see cref="Width"/> region (offsets rounded down, like torchvision).</summary>
/// <param name="Height">Crop height.</param>
/// <param name="Width">Crop width.</param>
public sealed record CenterCrop(int Height, int Width) : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(images);
        long h = images.shape[^2], w = images.shape[^1];
        if (Height > h || Width > w)
        {
            throw new ArgumentException($"Cannot center-crop {Height}x{Width} from images of {h}x{w}.", nameof(images));
        }

        long top = (h - Height) / 2, left = (w - Width) / 2;
        return images.narrow(-2, top, Height).narrow(-1, left, Width).contiguous();
    }
}
