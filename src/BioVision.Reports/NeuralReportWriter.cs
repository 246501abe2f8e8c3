using BioVision.Runs;
using System.Globalization;
using BioVision.Benchmarks.Neural;
using BioVision.Plotting;
using BioVision.Rsa;
using BioVision.Rsa.Embedding;
using BioVision.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace BioVision.Reports;

/// <summary>
/// Writes a neural benchmark's report folder: <c>neural-benchmark.json</c>, <c>neural-benchmark.md</c>, per-region
/// layer curves (<c>curves-*.png</c>), model and brain RDMs side by side (<c>rdm-*.png</c>) and their MDS maps
/// (<c>mds-*.png</c>). Every file is written atomically.
/// </summary>
public static class NeuralReportWriter
{
    /// <summary>The result record's file name.</summary>
    public const string JsonFile = "neural-benchmark.json";

    /// <summary>The tables' file name.</summary>
    public const string MarkdownFile = "neural-benchmark.md";

    /// <summary>Writes the report folder (created when missing) and returns the file names written, relative to it.</summary>
    /// <param name="result">The benchmark result.</param>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<string> Write(NeuralBenchmarkResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        AtomicFile.WriteAllText(Path.Combine(folder, JsonFile), result.ToJson());
        written.Add(JsonFile);
        var md = new System.Text.StringBuilder(result.ToMarkdown());
        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        foreach (var region in result.Regions)
        {
            string file = "curves-" + Slug(region.Region) + ".png";
            Save(Curves(region), Path.Combine(folder, file), 900, 560);
            written.Add(file);
            md.AppendLine(CultureInfo.InvariantCulture, $"![{region.Region}]({file})");
        }

        foreach (var pair in result.RdmPairs)
        {
            var model = Square(pair.Model);
            var brain = Square(pair.Data);
            string rdm = "rdm-" + Slug(pair.Region) + ".png";
            SideBySide(Path.Combine(folder, rdm),
                RdmPlot.Create(RankTransform(model), $"model: {pair.Layer}", colorBarTitle: "dissimilarity (percentile)"),
                RdmPlot.Create(RankTransform(brain), pair.Brain, colorBarTitle: "dissimilarity (percentile)"), 620, 560);
            string mds = "mds-" + Slug(pair.Region) + ".png";
            SideBySide(Path.Combine(folder, mds),
                MdsPlot.Create(model, $"MDS of model {pair.Layer}"),
                MdsPlot.Create(brain, $"MDS of {pair.Brain}"), 560, 560);
            written.Add(rdm);
            written.Add(mds);
            md.AppendLine(CultureInfo.InvariantCulture, $"![{pair.Region} RDMs]({rdm})");
            md.AppendLine(CultureInfo.InvariantCulture, $"![{pair.Region} MDS]({mds})");
        }

        AtomicFile.WriteAllText(Path.Combine(folder, MarkdownFile), md.ToString());
        written.Add(MarkdownFile);
        return written;
    }

    /// <summary>Selection and test curves over the layers, the chosen layer marked, the test ceiling as a dashed line.</summary>
    internal static PlotModel Curves(RegionResult region)
    {
        var layers = region.Test.Layers.Select(l => l.Layer).ToArray();
        var x = Enumerable.Range(0, layers.Length).Select(i => (double)i).ToArray();
        var curves = new List<CurveSeries>
        {
            new("chosen on " + region.Selection.Dataset, x, region.Selection.Layers.Select(l => l.Score).ToArray()),
            new("reported on " + region.Test.Dataset, x, region.Test.Layers.Select(l => l.Score).ToArray()),
        };
        var plot = CurvePlot.Create($"{region.Region}: {region.Test.Metric} (chosen: {region.SelectedLayer})", "layer", region.Test.Metric, curves);
        var bottom = plot.Axes.First(a => a.Position == AxisPosition.Bottom);
        plot.Axes.Remove(bottom);
        var category = new CategoryAxis { Position = AxisPosition.Bottom, Title = "layer", Angle = -30 };
        category.Labels.AddRange(layers);
        plot.Axes.Add(category);
        // Intervals of the reported curve as error bars.
        var bars = new OxyPlot.Series.ScatterErrorSeries { Title = "95% interval", MarkerSize = 0, ErrorBarColor = OxyColors.Gray };
        for (int i = 0; i < layers.Length; i++)
        {
            var l = region.Test.Layers[i];
            if (double.IsFinite(l.Lower) && double.IsFinite(l.Upper))
            {
                bars.Points.Add(new OxyPlot.Series.ScatterErrorPoint(i, l.Score, 0, (l.Upper - l.Lower) / 2));
            }
        }

        plot.Series.Add(bars);
        if (region.Test.Ceiling is double c && double.IsFinite(c))
        {
            var line = new OxyPlot.Series.LineSeries { Title = "noise ceiling (test)", LineStyle = LineStyle.Dash, Color = OxyColors.Black };
            line.Points.Add(new DataPoint(0, c));
            line.Points.Add(new DataPoint(layers.Length - 1, c));
            plot.Series.Add(line);
        }

        int chosen = Array.IndexOf(layers, region.SelectedLayer);
        plot.Annotations.Add(new OxyPlot.Annotations.LineAnnotation { Type = OxyPlot.Annotations.LineAnnotationType.Vertical, X = chosen, Color = OxyColors.Red, LineStyle = LineStyle.Dot, Text = "chosen" });
        return plot;
    }

    private static double[,] Square(IReadOnlyList<double> condensed)
    {
        var r = new Rdms([.. condensed], 1);
        return r.ToSquare(0);
    }

    /// <summary>Percentile ranks of the off-diagonal entries (the usual RSA figure scale, comparable across RDMs).</summary>
    private static double[,] RankTransform(double[,] square)
    {
        int n = square.GetLength(0);
        var values = new List<(double V, int I, int J)>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                values.Add((square[i, j], i, j));
            }
        }

        var sorted = values.OrderBy(v => v.V).ToArray();
        var result = new double[n, n];
        for (int r = 0; r < sorted.Length; r++)
        {
            double p = 100.0 * r / Math.Max(1, sorted.Length - 1);
            result[sorted[r].I, sorted[r].J] = p;
            result[sorted[r].J, sorted[r].I] = p;
        }

        return result;
    }

    private static void Save(PlotModel model, string path, int width, int height) => PlotExporter.SavePng(model, path, width, height);

    private static void SideBySide(string path, PlotModel left, PlotModel right, int width, int height)
    {
        using var canvasBitmap = new SKBitmap(2 * width, height);
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            canvas.Clear(SKColors.White);
            int x = 0;
            foreach (var model in new[] { left, right })
            {
                using var stream = new MemoryStream();
                new PngExporter { Width = width, Height = height, UseTextShaping = false }.Export(model, stream);
                using var image = SKBitmap.Decode(stream.ToArray());
                canvas.DrawBitmap(image, x, 0);
                x += width;
            }
        }

        AtomicFile.Write(path, temp =>
        {
            using var data = canvasBitmap.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(temp);
            data.SaveTo(file);
        });
    }

    /// <summary>A file-name part: lower-case letters and digits, runs of anything else as one dash ("IT (human)" -> "it-human").</summary>
    private static string Slug(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+", "-").Trim('-');
}
