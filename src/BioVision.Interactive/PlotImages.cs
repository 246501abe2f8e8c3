using OxyPlot;
using OxyPlot.SkiaSharp;

namespace BioVision.Interactive;

/// <summary>Renders OxyPlot models to in-memory SVG text, PNG bytes and inline-PNG HTML (what notebooks embed).</summary>
public static class PlotImages
{
    /// <summary>Default width in pixels of a plot shown in a notebook.</summary>
    public const int DefaultWidth = 640;

    /// <summary>Default height in pixels of a plot shown in a notebook.</summary>
    public const int DefaultHeight = 480;

    /// <summary>The plot as a standalone SVG document.</summary>
    /// <param name="model">The plot.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string ToSvg(PlotModel model, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSize(width, height);
        BioVision.Plotting.PlotTheme.EnsureOpaque(model);
        using var stream = new MemoryStream();
        new OxyPlot.SvgExporter { Width = width, Height = height }.Export(model, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The plot as PNG bytes.</summary>
    /// <param name="model">The plot.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] ToPng(PlotModel model, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSize(width, height);
        BioVision.Plotting.PlotTheme.EnsureOpaque(model);
        using var stream = new MemoryStream();
        new PngExporter { Width = width, Height = height, UseTextShaping = false }.Export(model, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The plot as an HTML <c>img</c> element with the PNG inline (a base64 data URI), the plot's title as its
    /// alternative text. Survives the HTML sanitisers of notebook exporters, which strip inline SVG.
    /// </summary>
    /// <param name="model">The plot.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string ToHtml(PlotModel model, int width = DefaultWidth, int height = DefaultHeight)
    {
        byte[] png = ToPng(model, width, height);
        return PngImgTag(png, string.IsNullOrEmpty(model.Title) ? "plot" : model.Title);
    }

    /// <summary>An HTML <c>img</c> element holding PNG bytes inline (base64 data URI).</summary>
    /// <param name="png">PNG bytes.</param>
    /// <param name="alt">Alternative text.</param>
    public static string PngImgTag(byte[] png, string alt)
    {
        ArgumentNullException.ThrowIfNull(png);
        return $"<img alt=\"{System.Net.WebUtility.HtmlEncode(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" />";
    }

    private static void CheckSize(int width, int height)
    {
        if (width is <= 0 or > 20000 || height is <= 0 or > 20000)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}×{height} must be between 1 and 20000 pixels on each side.");
        }
    }
}
