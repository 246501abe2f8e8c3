using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>
/// The one resize that brings images to a model's input size. Every path that means "show this image to a model at
/// its size" goes through it: the image loaders (<c>ImageDecoder</c> with a size, hence <c>ImageFolder</c>,
/// <c>StimulusSets</c> and the neural data loaders), the <see cref="Resize"/> transform, the activation extractor's
/// conversion to a <c>ModelInput</c> and the V1 benchmark's grating renderer.
/// </summary>
/// <remarks>
/// <para>
/// Semantics: bilinear interpolation with half-pixel centres (<c>align_corners=False</c>), antialiased when an axis
/// shrinks — an axis shrunk by a factor s (input/output pixels) is filtered with the triangle (tent) kernel stretched
/// to s input pixels on each side of the output pixel's centre, its weights normalised over the taps inside the image;
/// an axis that grows (or keeps its size) is plain bilinear, clamped at the borders. Each axis is treated on its own,
/// so one may shrink while the other grows. This is <c>torch.nn.functional.interpolate(x, size, mode="bilinear",
/// align_corners=False, antialias=True)</c>, which is what torchvision's <c>transforms.Resize</c> does to tensors
/// (antialias is its default since torchvision 0.17), and what PIL's <c>BILINEAR</c> resample computes — the resize
/// torchvision applies to PIL images, hence Brain-Score's model preprocessing (<c>load_preprocess_images</c>) and
/// VOneNet's evaluation transforms.
/// </para>
/// <para>
/// Tolerances (tests/BioVision.Tests/fixtures/resize, written by <c>make_resize_fixtures.py</c> with torch 1.13 and
/// Pillow 9.4): against torch's <c>interpolate</c> within 1e-12 in float64 and 1e-6 in float32; against PIL within one
/// 8-bit grey level (1/255), because PIL computes in fixed point and rounds its output to 8 bits while this resize
/// keeps the input's floating-point type and does not quantise.
/// </para>
/// <para>
/// Not this resize: the corruption module's PIL BOX and NEAREST emulations (pixelate) and its zoom and elastic warps
/// reproduce the generators of the released CIFAR-10-C / ImageNet-C data; they are part of a corruption, not a way
/// to bring an image to a model's size, and are internal to <c>BioVision.Robustness.Corruptions</c>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var small = ImageResize.Apply(images, 64, 64); // [N, C, H, W] or [C, H, W], float, any device
/// </code>
/// </example>
public static class ImageResize
{
    /// <summary>
    /// Resizes images to <paramref name="height"/> × <paramref name="width"/> (bilinear, half-pixel centres,
    /// antialiased when shrinking; see <see cref="ImageResize"/>), on the images' device and in their dtype.
    /// </summary>
    /// <param name="images">Images [N, C, H, W] or a single image [C, H, W], float32 or float64 (any range).</param>
    /// <param name="height">Output height, at least 1.</param>
    /// <param name="width">Output width, at least 1.</param>
    /// <returns>
    /// A new tensor of the input's rank, [N, C, height, width] or [C, height, width]. When the size is already
    /// <paramref name="height"/> × <paramref name="width"/> it holds the input's values unchanged (it may share the
    /// input's storage). The input is never modified.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> or <paramref name="width"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The images are not of rank 3 or 4, have an empty dimension, or are not floating point.</exception>
    public static torch.Tensor Apply(torch.Tensor images, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(height < 1 ? nameof(height) : nameof(width), $"A resize needs a positive output size, got {height}x{width}.");
        }

        if (images.dim() is not (3 or 4))
        {
            throw new ArgumentException($"{nameof(ImageResize)} expects images [C, H, W] or [N, C, H, W], got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (images.shape.Any(d => d == 0))
        {
            throw new ArgumentException($"{nameof(ImageResize)} cannot resize an empty tensor (shape [{string.Join(", ", images.shape)}]).", nameof(images));
        }

        if (!images.is_floating_point())
        {
            throw new ArgumentException($"{nameof(ImageResize)} resizes floating-point images (convert {images.dtype} with .to(torch.float32) first).", nameof(images));
        }

        long h = images.shape[^2], w = images.shape[^1];
        if (h == height && w == width)
        {
            return images.alias();
        }

        using var scope = torch.NewDisposeScope();
        var batch = images.dim() == 3 ? images.unsqueeze(0) : images;
        // antialias=True is exact plain bilinear on an axis that grows (its kernel's support is then one pixel).
        var resized = torch.nn.functional.interpolate(batch, [height, width], mode: torch.InterpolationMode.Bilinear, align_corners: false, antialias: true);
        return (images.dim() == 3 ? resized.squeeze(0) : resized).MoveToOuterDisposeScope();
    }
}
