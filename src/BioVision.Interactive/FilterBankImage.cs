using BioVision.V1;
using SkiaSharp;

namespace BioVision.Interactive;

/// <summary>
/// Draws the Gabor filters of a V1 front end as a grid of grey-level tiles (zero grey, positive white, negative
/// black, each tile scaled to its own largest magnitude), computed with <see cref="GaborKernel"/> exactly as
/// <see cref="VOneBlock"/> builds its weights (quadrature phase 0).
/// </summary>
public static class FilterBankImage
{
    /// <summary>Renders the first <paramref name="maxFilters"/> filters as PNG bytes.</summary>
    /// <param name="parameters">The sampled V1 parameters.</param>
    /// <param name="options">Kernel size and pixels per degree; defaults to <see cref="VOneBlockOptions"/>'s (25 px, 28 px/deg).</param>
    /// <param name="maxFilters">How many filters to draw (at least 1), from channel 0.</param>
    /// <param name="columns">Tiles per row (at least 1).</param>
    /// <param name="scale">Screen pixels per kernel pixel (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count, column number or scale below 1.</exception>
    public static byte[] RenderPng(V1Parameters parameters, VOneBlockOptions? options = null, int maxFilters = 64, int columns = 16, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFilters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        options ??= new VOneBlockOptions();
        int k = options.KernelSize;
        double ppd = options.PixelsPerDegree;
        int n = Math.Min(maxFilters, parameters.Count);
        int cols = Math.Min(columns, n);
        int rows = (n + cols - 1) / cols;
        const int Gap = 2;
        int tile = k * scale;
        using var bitmap = new SKBitmap((cols * (tile + Gap)) + Gap, (rows * (tile + Gap)) + Gap);
        bitmap.Erase(new SKColor(40, 40, 60));
        for (int i = 0; i < n; i++)
        {
            double f = parameters.SpatialFrequency[i] / ppd;
            float[] kernel = GaborKernel.Evaluate(f, parameters.Nx[i] / f, parameters.Ny[i] / f,
                parameters.Orientation[i] / 180 * Math.PI, parameters.Phase[i] / 180 * Math.PI, k);
            float max = kernel.Max(Math.Abs);
            int x0 = Gap + (i % cols * (tile + Gap));
            int y0 = Gap + (i / cols * (tile + Gap));
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    double v = max > 0 ? kernel[(r * k) + c] / max : 0;
                    byte g = (byte)Math.Clamp(Math.Round(127.5 + (127.5 * v)), 0, 255);
                    var color = new SKColor(g, g, g);
                    for (int dy = 0; dy < scale; dy++)
                    {
                        for (int dx = 0; dx < scale; dx++)
                        {
                            bitmap.SetPixel(x0 + (c * scale) + dx, y0 + (r * scale) + dy, color);
                        }
                    }
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
