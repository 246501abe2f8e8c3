using BioVision.Data.Transforms;
using SkiaSharp;
using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// Decodes PNG, JPEG (and other formats SkiaSharp reads) into float tensors [C, H, W] in [0, 1]. Decoding gives the
/// file's 8-bit levels / 255 (the same pixels PIL decodes); a requested size is reached afterwards, on the float
/// image, by the one model-input resize <see cref="ImageResize"/> (not by SkiaSharp's scaler).
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes encoded image bytes.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="channels">3 for RGB, 1 for grayscale (ITU-R 601 luma).</param>
    /// <param name="size">
    /// When set, the decoded image is resized to this height and width with <see cref="ImageResize"/> (bilinear,
    /// antialiased when shrinking; the values are then not quantised to 1/255 steps).
    /// </param>
    /// <param name="name">A name for error messages (usually the file name).</param>
    /// <exception cref="DataFormatException">The bytes are not a decodable image.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3, or a size is below 1.</exception>
    public static torch.Tensor Decode(byte[] encoded, int channels = 3, (int Height, int Width)? size = null, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images are decoded to 1 (grayscale) or 3 (RGB) channels.");
        }

        if (size is { } target && (target.Height < 1 || target.Width < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"Images are resized to a positive size, got {target.Height}x{target.Width}.");
        }

        using var codec = SKCodec.Create(new SKMemoryStream(encoded))
            ?? throw new DataFormatException($"'{name}' ({encoded.Length} bytes) is not an image SkiaSharp can decode (corrupt or unsupported format).");
        using var decoded = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        // SKBitmap.Decode accepts a truncated file and fills the missing rows; the codec's result says so.
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new DataFormatException($"'{name}' ({encoded.Length} bytes) is truncated or corrupt: decoding stopped with {result}.");
        }

        // Drawn at its own size onto black: a transparent pixel becomes its colour over black; no resampling here.
        var info = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var converted = new SKBitmap(info);
        using (var canvas = new SKCanvas(converted))
        using (var paint = new SKPaint { FilterQuality = SKFilterQuality.None, IsAntialias = false })
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(decoded, new SKRect(0, 0, info.Width, info.Height), paint);
        }

        int h = info.Height, w = info.Width, plane = h * w;
        ReadOnlySpan<byte> rgba = converted.GetPixelSpan();
        var values = new float[channels * plane];
        for (int p = 0; p < plane; p++)
        {
            float r = rgba[4 * p] / 255f, g = rgba[(4 * p) + 1] / 255f, b = rgba[(4 * p) + 2] / 255f;
            if (channels == 1)
            {
                values[p] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                values[p] = r;
                values[plane + p] = g;
                values[(2 * plane) + p] = b;
            }
        }

        var image = torch.tensor(values, [channels, h, w]);
        if (size is not { } wanted || (wanted.Height == h && wanted.Width == w))
        {
            return image;
        }

        using (image)
        {
            return ImageResize.Apply(image, wanted.Height, wanted.Width); // a new tensor: the size differs
        }
    }
}
