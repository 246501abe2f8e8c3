using BioVision.Plotting;
using OxyPlot.Series;
using SkiaSharp;
using Xunit;

namespace BioVision.Plotting.Tests;

public sealed class ErrorScatterPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-errscatter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LabelledPoint[] Points() =>
    [
        new("baseline", 0.2, 0.05, 0.02, 0.01),
        new("vone", 0.8, 0.5, 0.05, 0.04),
        new("adv", 0.4, 0.3, 0.03, 0.02),
    ];

    [Fact]
    public void Least_squares_line_recovers_an_exact_line_and_is_absent_without_x_spread()
    {
        var exact = new[] { new LabelledPoint("a", 0, 1), new LabelledPoint("b", 1, 3), new LabelledPoint("c", 2, 5) };
        var (slope, intercept) = ErrorScatterPlot.LeastSquares(exact)!.Value;
        Assert.Equal(2, slope, 12);
        Assert.Equal(1, intercept, 12);
        Assert.Null(ErrorScatterPlot.LeastSquares([new("a", 1, 1), new("b", 1, 2)]));
        var flat = ErrorScatterPlot.Create("t", "x", "y", [new("a", 1, 1), new("b", 1, 2)]);
        Assert.DoesNotContain(flat.Series, s => s is LineSeries);
    }

    [Fact]
    public void Plot_has_error_bars_labels_and_fit_and_exports_png_and_svg()
    {
        var model = ErrorScatterPlot.Create("V1 score vs robustness", "V1 score", "robust accuracy", Points(), "rho +0.50 [-0.2, +0.9]");
        var errors = Assert.Single(model.Series.OfType<ScatterErrorSeries>());
        Assert.Equal(0.04, errors.Points[1].ErrorY);
        Assert.Single(model.Series.OfType<LineSeries>());
        Assert.Equal(3, model.Annotations.Count);
        string png = Path.Combine(_dir, "s.png"), svg = Path.Combine(_dir, "s.svg");
        PlotExporter.SavePng(model, png, 640, 480);
        PlotExporter.SaveSvg(model, svg, 640, 480);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((640, 480), (bitmap.Width, bitmap.Height));
        string text = File.ReadAllText(svg);
        Assert.Contains("vone", text);
        Assert.Contains("rho +0.50", text);
    }

    [Fact]
    public void Bad_points_are_rejected_naming_the_point()
    {
        var ex = Assert.Throws<ArgumentException>(() => ErrorScatterPlot.Create("t", "x", "y", [new("bad", double.NaN, 1)]));
        Assert.Contains("bad", ex.Message);
        Assert.Throws<ArgumentException>(() => ErrorScatterPlot.Create("t", "x", "y", [new("neg", 1, 1, -1)]));
        Assert.Throws<ArgumentException>(() => ErrorScatterPlot.Create("t", "x", "y", []));
    }
}
