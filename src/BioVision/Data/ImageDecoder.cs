using SkiaSharp;
using TorchSharp;

namespace BioVision.Data;

/// <summary>Decodes PNG, JPEG (and other formats SkiaSharp reads) into float tensors [C, H, W] in [0, 1].</summary>
public static class ImageDecoder
{
    /// <summary>Decodes encoded image bytes.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="channels">3 for RGB, 1 for grayscale (ITU-R 601 luma).</param>
    /// <param name="size">When set, the image is resized (bilinear) to this height and width.</param>
    /// <param name="name">A name for error messages (usually the file name).</param>
    /// <exception cref="DataFormatException">The bytes are not a decodable image.</exception>
    public static torch.Tensor Decode(byte[] encoded, int channels = 3, (int Height, int Width)? size = null, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images are decoded to 1 (grayscale) or 3 (RGB) channels.");
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

        var info = new SKImageInfo(size?.Width ?? decoded.Width, size?.Height ?? decoded.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var converted = new SKBitmap(info);
        using (var canvas = new SKCanvas(converted))
        using (var paint = new SKPaint { FilterQuality = SKFilterQuality.Medium, IsAntialias = true })
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

        return torch.tensor(values, [channels, h, w]);
    }
}
