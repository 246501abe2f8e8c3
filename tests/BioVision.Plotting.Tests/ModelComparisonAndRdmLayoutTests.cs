using BioVision.Plotting;
using BioVision.Rsa;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;
using OxyPlot;
using OxyPlot.Axes;
using SkiaSharp;
using Xunit;

namespace BioVision.Plotting.Tests;

/// <summary>
/// The model-comparison bar plot (bars, error bars, noise-ceiling band found at their data coordinates in the PNG) and
/// the RDM heat map's layout in a non-square image. Set BIOVISION_KEEP_PLOTS to a folder to keep the PNGs for viewing.
/// </summary>
public sealed class ModelComparisonAndRdmLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biovision-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SKBitmap Export(PlotModel model, string name, int width, int height)
    {
        string path = Path.Combine(_dir, name);
        PlotExporter.SavePng(model, path, width, height);
        if (Environment.GetEnvironmentVariable("BIOVISION_KEEP_PLOTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, name), overwrite: true);
        }

        return SKBitmap.Decode(path) ?? throw new InvalidOperationException("PNG did not decode");
    }

    private static SKColor At(SKBitmap bitmap, PlotModel model, double x, double y)
    {
        var xAxis = model.Axes.Single(a => a.Position == AxisPosition.Bottom);
        var yAxis = model.Axes.Single(a => a.Position == AxisPosition.Left);
        return bitmap.GetPixel((int)Math.Round(xAxis.Transform(x)), (int)Math.Round(yAxis.Transform(y)));
    }

    private static bool IsGreyBand(SKColor c) => Math.Abs(c.Red - c.Green) < 12 && Math.Abs(c.Green - c.Blue) < 12 && c.Red is > 150 and < 235;

    private static bool IsBar(SKColor c) => c.Blue > c.Red + 40;

    [Fact]
    public void BarsErrorBarsAndTheNoiseCeilingBandAreDrawnWhereTheValuesAre()
    {
        string[] names = ["V1 layer", "V2 layer", "V4 layer", "IT layer"];
        double[] means = [0.12, 0.25, 0.31, 0.42];
        double[] lower = [0.08, 0.2, 0.22, 0.37];
        double[] upper = [0.16, 0.3, 0.4, 0.47];
        var model = ModelComparisonPlot.Create("Model comparison", "Pearson r", names, means, lower, upper, new NoiseCeiling(0.5, 0.6));
        using SKBitmap png = Export(model, "model_comparison.png", 700, 450);

        Assert.True(IsGreyBand(At(png, model, 1.5, 0.55)), $"no noise-ceiling band between bars: {At(png, model, 1.5, 0.55)}");
        Assert.False(IsGreyBand(At(png, model, 1.5, 0.45)), "band drawn below the lower ceiling");
        for (int i = 0; i < names.Length; i++)
        {
            Assert.True(IsBar(At(png, model, i - 0.25, means[i] / 2)), $"bar {i} missing");
            Assert.False(IsBar(At(png, model, i - 0.25, means[i] + 0.02)), $"bar {i} too tall");
            SKColor whisker = At(png, model, i, (means[i] + upper[i]) / 2);
            Assert.True(whisker.Red < 90 && whisker.Green < 90, $"error bar {i} missing: {whisker}");
        }
    }

    [Fact]
    public void FromAnEvaluationResult()
    {
        // Three models against four noisy copies of a data RDM: the copy-of-data model ranks first, and the band
        // is the leave-one-out noise ceiling of the four.
        var rng = new Random(2);
        double[] truth = Enumerable.Range(0, 45).Select(_ => rng.NextDouble()).ToArray();
        var data = Rdms.FromVectors(Enumerable.Range(0, 4).Select(_ => truth.Select(v => v + (0.3 * rng.NextDouble())).ToArray()).ToArray());
        var models = Rdms.FromVectors([truth, truth.Select(v => v + rng.NextDouble()).ToArray(), truth.Select(_ => rng.NextDouble()).ToArray()], "model",
            new Dictionary<string, IReadOnlyList<string>> { ["name"] = ["truth", "noisy", "random"] });
        var result = ModelEvaluation.Fixed(models, data, ComparisonMethod.Pearson);
        var model = ModelComparisonPlot.Create(result, "Fixed evaluation");
        using SKBitmap png = Export(model, "model_comparison_eval.png", 600, 400);
        double band = (result.NoiseCeiling.Lower + result.NoiseCeiling.Upper) / 2;
        Assert.True(IsGreyBand(At(png, model, 0.5, band)) || IsGreyBand(At(png, model, 1.5, band)));
        Assert.Throws<ArgumentException>(() => ModelComparisonPlot.Create("t", "y", ["a", "b"], [0.1], [0], [0.2]));
    }

    [Theory]
    [InlineData(900, 420)]
    [InlineData(420, 800)]
    public void RdmHeatMapFillsItsAxesInANonSquareImage(int width, int height)
    {
        const int n = 12;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = i == j ? 0 : 1 + ((i + j) % 5);
            }
        }

        var model = RdmPlot.Create(m, "RDM in a non-square image");
        using SKBitmap png = Export(model, $"rdm_{width}x{height}.png", width, height);
        foreach (var axis in model.Axes.Where(a => a.Position is AxisPosition.Bottom or AxisPosition.Left))
        {
            Assert.Equal(-0.5, axis.ActualMinimum, 9);
            Assert.Equal(n - 0.5, axis.ActualMaximum, 9);
        }

        // The corners of the axes are inside the heat map (coloured cells, not the white background).
        foreach (var (x, y) in new[] { (-0.4, -0.4), (n - 0.6, -0.4), (-0.4, n - 0.6), (n - 0.6, n - 0.6) })
        {
            SKColor c = At(png, model, x, y);
            Assert.False(c.Red > 240 && c.Green > 240 && c.Blue > 240, $"white at ({x}, {y}): the axes are padded");
        }
    }
}
