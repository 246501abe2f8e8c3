using BioVision.Plotting;
using OxyPlot.Series;
using Xunit;

namespace BioVision.Plotting.Tests;

public sealed class HistogramPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-hist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NormalisesBothHistogramsAndExports()
    {
        var plot = HistogramPlot.Create("peak SF", "cpd", [0.5, 1, 2, 4], [1, 2, 1], "recorded", [0, 0, 5], "model", logX: true);
        var reference = (RectangleBarSeries)plot.Series[0];
        var model = (RectangleBarSeries)plot.Series[1];
        Assert.Equal(0.5, reference.Items[1].Y1, 12);
        Assert.Equal(1, model.Items[2].Y1, 12);
        Assert.Equal(2, model.Items[2].X0, 12);
        string png = Path.Combine(_dir, "h.png"), svg = Path.Combine(_dir, "h.svg");
        PlotExporter.SavePng(plot, png);
        PlotExporter.SaveSvg(plot, svg);
        Assert.True(new FileInfo(png).Length > 1000);
        Assert.Contains("peak SF", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsMismatchedCountsAndNonPositiveLogEdges()
    {
        Assert.Throws<ArgumentException>(() => HistogramPlot.Create("t", "x", [0, 1, 2], [1], "a", [1, 2], "b"));
        Assert.Throws<ArgumentException>(() => HistogramPlot.Create("t", "x", [0, 1, 2], [1, 1], "a", [1, 2], "b", logX: true));
    }
}
