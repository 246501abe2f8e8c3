using System.Text.RegularExpressions;
using BioVision.Plotting;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SkiaSharp;
using Xunit;

namespace BioVision.Plotting.Tests;

/// <summary>
/// The shared look and the newer plot kinds, checked on their rendered output: opaque white backgrounds (readable in a
/// dark notebook theme), interval bands drawn as tinted areas, named layers on a category axis, whole-number severity
/// ticks, and RDM heat maps as vector cells (no embedded raster that HTML sanitisers strip).
/// Set BIOVISION_PLOT_OUTPUT to keep the rendered PNGs for a look.
/// </summary>
public sealed class PlotThemeAndBandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-theme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PlotModel Band() => CurvePlot.Create("Accuracy with Wilson band", "eps (x/255)", "expected accuracy",
        [new CurveSeries("PGD", [0, 1, 2, 4], [0.5, 0.5, 0.5, 0.5], [0.4, 0.4, 0.4, 0.4], [0.6, 0.6, 0.6, 0.6]), new CurveSeries("FGSM", [0, 1, 2, 4], [0.05, 0.1, 0.95, 1.0])]);

    private static PlotModel Layers() => LayerCurvePlot.Create("Layers vs IT", "Pearson r", ["vone_block", "model.layer1", "model.layer2", "model.layer3"],
        [new LayerCurve("human IT", [0.1, 0.2, 0.15, 0.3], [0.05, 0.1, 0.1, 0.2], [0.15, 0.3, 0.2, 0.4]), new LayerCurve("monkey IT", [0.2, 0.25, 0.1, 0.05])],
        (0.33, 0.72));

    private static PlotModel Severities() => CurvePlot.Create("Corruptions", "severity", "accuracy",
        [new CurveSeries("gaussian noise", [1, 2, 3, 4, 5], [0.9, 0.8, 0.6, 0.4, 0.2]), new CurveSeries("fog", [1, 2, 3, 4, 5], [0.85, 0.8, 0.75, 0.7, 0.65])], integerX: true);

    private static PlotModel[] All() =>
    [
        Band(), Layers(), Severities(),
        RdmPlot.Create(new double[,] { { 0, 1, 2 }, { 1, 0, 1 }, { 2, 1, 0 } }, "RDM"),
        HistogramPlot.Create("Histogram", "value", [0, 1, 2, 3], [1, 2, 1], "recorded", [2, 1, 1], "model"),
        ScatterPlot.Create("Scatter", "x", "y", [1, 2, 3], [3, 1, 2]),
        ModelComparisonPlot.Create("Bars", "r", ["a", "b"], [0.2, 0.4], [0.1, 0.3], [0.3, 0.5]),
        ErrorScatterPlot.Create("Error scatter", "brain", "robust", [new LabelledPoint("a", 0.1, 0.2, 0.01, 0.02), new LabelledPoint("b", 0.3, 0.25, 0.02, 0.01), new LabelledPoint("c", 0.2, 0.4, 0.01, 0.01)]),
    ];

    private SKBitmap Render(PlotModel model, int width = 640, int height = 480)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.png");
        PlotExporter.SavePng(model, path, width, height);
        if (Environment.GetEnvironmentVariable("BIOVISION_PLOT_OUTPUT") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, Regex.Replace(model.Title ?? "plot", "[^A-Za-z0-9]+", "-") + ".png"), overwrite: true);
        }

        return SKBitmap.Decode(path) ?? throw new InvalidOperationException($"{path} does not decode");
    }

    private string Svg(PlotModel model)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.svg");
        PlotExporter.SaveSvg(model, path, 640, 480);
        return File.ReadAllText(path);
    }

    [Fact]
    public void EveryPlot_HasAnOpaqueWhiteBackgroundAndBlackText()
    {
        foreach (PlotModel model in All())
        {
            Assert.Equal(OxyColors.White, model.Background);
            Assert.Equal(OxyColors.Black, model.TextColor);
            using SKBitmap bitmap = Render(model);
            foreach (var (x, y) in new[] { (1, 1), (bitmap.Width - 2, 1), (1, bitmap.Height - 2) })
            {
                SKColor c = bitmap.GetPixel(x, y);
                Assert.True(c.Alpha == 255 && c.Red == 255 && c.Green == 255 && c.Blue == 255, $"'{model.Title}': corner pixel ({x}, {y}) is {c}, not opaque white");
            }
        }
    }

    [Fact]
    public void Export_GivesABarePlotModelAnOpaqueBackground()
    {
        var model = new PlotModel { Title = "bare" };
        model.Series.Add(new LineSeries { Points = { new DataPoint(0, 0), new DataPoint(1, 1) } });
        Assert.True(model.Background.IsInvisible());
        using SKBitmap bitmap = Render(model, 200, 150);
        Assert.Equal(255, bitmap.GetPixel(1, 1).Alpha);
        Assert.Equal(OxyColors.White, model.Background);
        Assert.Contains("fill:rgb(255,255,255)", Svg(model).Replace(" ", ""), StringComparison.Ordinal);
    }

    [Fact]
    public void Band_IsDrawnAsATintedAreaAroundTheCurve()
    {
        PlotModel model = Band();
        Assert.Single(model.Series.OfType<AreaSeries>()); // only PGD has a band
        using SKBitmap bitmap = Render(model);
        Axis x = model.Axes.Single(a => a.Position == AxisPosition.Bottom);
        Axis y = model.Axes.Single(a => a.Position == AxisPosition.Left);
        // Inside the band, away from the line: tinted with the curve's blue. Outside it (y = 0.75): the white plot area.
        int px = (int)x.Transform(3);
        SKColor inside = bitmap.GetPixel(px, (int)y.Transform(0.57));
        SKColor outside = bitmap.GetPixel(px, (int)y.Transform(0.75));
        Assert.True(inside.Blue > inside.Red + 20 && inside.Red < 245, $"inside the band the pixel is {inside}, not tinted blue");
        Assert.True(outside.Red > 250 && outside.Green > 250 && outside.Blue > 250, $"outside the band the pixel is {outside}, not white");
    }

    [Fact]
    public void Band_MustBeAnIntervalWithBothEdges()
    {
        Assert.Throws<ArgumentException>(() => CurvePlot.Create("t", "x", "y", [new CurveSeries("A", [0, 1], [0, 1], [0, 0], null)]));
        Assert.Throws<ArgumentException>(() => CurvePlot.Create("t", "x", "y", [new CurveSeries("A", [0, 1], [0, 1], [0.5, 2], [0.4, 3])]));
        Assert.Throws<ArgumentException>(() => CurvePlot.Create("t", "x", "y", [new CurveSeries("A", [0, 1], [0, 1], [0], [1])]));
        Assert.Throws<ArgumentException>(() => LayerCurvePlot.Create("t", "y", ["a", "b"], [new LayerCurve("A", [1])]));
        Assert.Throws<ArgumentException>(() => LayerCurvePlot.Create("t", "y", [], []));
    }

    [Fact]
    public void LayerCurve_NamesTheLayersOnACategoryAxisWithTheCeilingBand()
    {
        PlotModel model = Layers();
        var axis = Assert.IsType<CategoryAxis>(model.Axes.Single(a => a.Position == AxisPosition.Bottom));
        Assert.Equal(["vone_block", "model.layer1", "model.layer2", "model.layer3"], axis.Labels);
        string svg = Svg(model);
        foreach (string layer in axis.Labels)
        {
            Assert.Contains($">{layer}<", svg, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@">\s*(1\.5|2\.5)\s*<", svg);
        Assert.Contains("noise ceiling [0.330, 0.720]", svg, StringComparison.Ordinal);
        Assert.Contains(">Pearson r<", svg, StringComparison.Ordinal);
        Assert.Equal(2, model.Series.OfType<AreaSeries>().Count()); // the ceiling and human IT's band; monkey IT has none
    }

    [Fact]
    public void IntegerX_LabelsOnlyWholeSeverities()
    {
        string svg = Svg(Severities());
        foreach (int s in new[] { 1, 2, 3, 4, 5 })
        {
            Assert.Matches($@">\s*{s}\s*<", svg);
        }

        Assert.DoesNotMatch(@">\s*\d\.5\s*<", svg);
        Assert.Contains(">severity<", svg, StringComparison.Ordinal);
        Assert.Contains(">accuracy<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void RdmSvg_DrawsCellsAsVectorsWithoutAnEmbeddedImage()
    {
        string svg = Svg(RdmPlot.Create(new double[,] { { 0, 1, 2 }, { 1, 0, 1 }, { 2, 1, 0 } }, "RDM"));
        Assert.DoesNotContain("<image", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image", svg, StringComparison.Ordinal);
        // Nine cells plus the frame, legend and colour bar: at least nine filled shapes in the heat map's colours.
        Assert.True(Regex.Matches(svg, "<(rect|polygon|path)").Count >= 9, "the heat map's cells are missing from the SVG");
    }
}
