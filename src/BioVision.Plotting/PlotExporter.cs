using OxyPlot;
using OxyPlot.SkiaSharp;

namespace BioVision.Plotting;

/// <summary>
/// Writes plot models to PNG or SVG atomically: the image goes to a temporary file beside the target, which then
/// replaces the target, so readers never see a half-written file. Text needs a system font (DejaVu on Linux:
/// the fonts-dejavu-core package). A model whose background is transparent (built with OxyPlot directly) is given
/// <see cref="PlotTheme"/>'s opaque white page first, so the file reads the same on any viewer's background.
/// </summary>
public static class PlotExporter
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 600;

    /// <summary>Writes <paramref name="model"/> as a PNG of the given size.</summary>
    /// <param name="model">The plot.</param>
    /// <param name="path">Target file (its folder must exist).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SavePng(PlotModel model, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSize(width, height);
        PlotTheme.EnsureOpaque(model);
        var exporter = new PngExporter { Width = width, Height = height, UseTextShaping = false };
        WriteAtomically(path, stream => exporter.Export(model, stream));
    }

    /// <summary>Writes <paramref name="model"/> as an SVG of the given size.</summary>
    /// <param name="model">The plot.</param>
    /// <param name="path">Target file (its folder must exist).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void SaveSvg(PlotModel model, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSize(width, height);
        PlotTheme.EnsureOpaque(model);
        var exporter = new OxyPlot.SvgExporter { Width = width, Height = height };
        WriteAtomically(path, stream => exporter.Export(model, stream));
    }

    private static void CheckSize(int width, int height)
    {
        if (width is <= 0 or > 20000 || height is <= 0 or > 20000)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}×{height} must be between 1 and 20000 pixels on each side.");
        }
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
