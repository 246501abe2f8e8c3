using BioVision.Plotting;
using OxyPlot;
using SkiaSharp;
using Xunit;

namespace BioVision.Plotting.Tests;

/// <summary>
/// Builds each plot kind, exports PNG and SVG, and checks the PNG decodes at the requested size and is not blank,
/// that text (the title) is drawn into the PNG, and that the SVG carries the title text.
/// </summary>
public sealed class PlotExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double[,] SampleRdm(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = Math.Abs(i - j) / (double)n;
            }
        }

        return m;
    }

    private static PlotModel[] Models() =>
    [
        RdmPlot.Create(SampleRdm(6), "RDM title", ["a", "b", "c", "d", "e", "f"]),
        CurvePlot.Create("Curve title", "eps", "accuracy", [new CurveSeries("A", [0, 1, 2], [0.9, 0.5, 0.1]), new CurveSeries("B", [0, 1, 2], [0.8, 0.7, 0.6])]),
        ScatterPlot.Create("Scatter title", "x", "y", [1, 2, 3], [3, 1, 2], ["p", "q", "r"]),
        MdsPlot.Create(SampleRdm(5), "MDS title", ["v", "w", "x", "y", "z"]),
    ];

    private (SKBitmap Bitmap, int Colours) Png(PlotModel model, int width, int height)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.png");
        PlotExporter.SavePng(model, path, width, height);
        SKBitmap? bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return (bitmap, colours.Count);
    }

    [Fact]
    public void EveryPlot_ExportsANonBlankPngOfTheRequestedSize()
    {
        foreach (PlotModel model in Models())
        {
            (SKBitmap bitmap, int colours) = Png(model, 640, 480);
            using (bitmap)
            {
                Assert.Equal(640, bitmap.Width);
                Assert.Equal(480, bitmap.Height);
                Assert.True(colours > 3, $"'{model.Title}' PNG has only {colours} colours");
            }
        }
    }

    [Fact]
    public void Png_DrawsTheTitleText()
    {
        // Same plot with and without a title: the pixels in the title band must differ (fonts are present).
        PlotModel titled = CurvePlot.Create("A LONG VISIBLE TITLE", "x", "y", [new CurveSeries("A", [0, 1], [0, 1])]);
        PlotModel untitled = CurvePlot.Create(string.Empty, "x", "y", [new CurveSeries("A", [0, 1], [0, 1])]);
        (SKBitmap a, _) = Png(titled, 400, 300);
        (SKBitmap b, _) = Png(untitled, 400, 300);
        using (a)
        using (b)
        {
            int dark = 0;
            for (int y = 0; y < 30; y++)
            {
                for (int x = 0; x < 400; x++)
                {
                    SKColor c = a.GetPixel(x, y);
                    if (c.Red < 128 && c.Alpha > 128)
                    {
                        dark++;
                    }
                }
            }

            Assert.True(dark > 50, $"only {dark} dark pixels in the title band: no font rendered the title (install fonts-dejavu-core)");
        }
    }

    [Fact]
    public void EveryPlot_ExportsAnSvgHoldingItsTitle()
    {
        foreach (PlotModel model in Models())
        {
            string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.svg");
            PlotExporter.SaveSvg(model, path, 500, 400);
            string svg = File.ReadAllText(path);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains(model.Title, svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_ReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        string path = Path.Combine(_dir, "plot.png");
        File.WriteAllText(path, "old");
        PlotExporter.SavePng(Models()[0], path, 200, 150);
        using SKBitmap? bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(["plot.png"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void BadInputs_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => RdmPlot.Create(new double[2, 3], "x"));
        Assert.Throws<ArgumentException>(() => RdmPlot.Create(SampleRdm(3), "x", ["a"]));
        Assert.Throws<ArgumentException>(() => CurvePlot.Create("t", "x", "y", [new CurveSeries("A", [0, 1], [0])]));
        Assert.Throws<ArgumentException>(() => ScatterPlot.Create("t", "x", "y", [1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlotExporter.SavePng(Models()[0], Path.Combine(_dir, "z.png"), 0, 10));
    }
}
