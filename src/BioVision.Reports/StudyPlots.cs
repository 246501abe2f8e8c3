using System.Globalization;
using BioVision.Benchmarks.Neural;
using BioVision.Benchmarks.V1Properties;
using BioVision.Experiments;
using BioVision.Plotting;
using OxyPlot;

namespace BioVision.Reports;

/// <summary>The study report's figures (PNG and SVG): scatter per brain score, accuracy vs eps, corruption bars, V1 histograms, neural RDMs.</summary>
internal static class StudyPlots
{
    /// <summary>Writes every figure into <paramref name="folder"/> and returns the PNG file names (relative to it).</summary>
    public static IReadOnlyList<string> Write(StudyAnalysis analysis, StudyStore store, StudyPlan plan, string folder)
    {
        var files = new List<string>();
        var byVariant = analysis.Models.GroupBy(m => m.Variant).ToList();
        string white = analysis.Options.WhiteBoxMeasure;

        // Brain score vs white-box robustness, one point per variant (mean over seeds, bars = half the range).
        foreach (var c in analysis.Correlations.Where(c => c.Robustness == white && (!c.BrainScore.StartsWith("v1.", StringComparison.Ordinal))))
        {
            var points = byVariant.Select(g => Point(g.Key,
                g.Select(m => m.BrainSimilarity[c.BrainScore]).ToList(),
                g.Select(m => m.Robustness[white]).ToList())).ToList();
            var e = c.Correlation;
            string subtitle = string.Create(CultureInfo.InvariantCulture,
                $"Spearman rho {Num(e.Spearman)} [{Num(e.SpearmanLow)}, {Num(e.SpearmanHigh)}], Pearson r {Num(e.Pearson)} [{Num(e.PearsonLow)}, {Num(e.PearsonHigh)}]; partial rho | clean {Num(e.PartialSpearman)}; {e.Models} models");
            files.Add(Save(ErrorScatterPlot.Create($"{c.BrainScore} vs {white} robust accuracy", c.BrainScore + " (ceiled score)", white + " robust accuracy", points, subtitle),
                folder, "scatter-" + Slug(c.BrainScore)));
        }

        // Robust accuracy vs eps per variant.
        var epsKeys = analysis.Models.SelectMany(m => m.Robustness.Keys).Where(k => k.StartsWith("pgd-linf@", StringComparison.Ordinal)).Distinct()
            .Select(k => (Key: k, Eps: double.Parse(k["pgd-linf@".Length..].Split('/')[0], CultureInfo.InvariantCulture))).OrderBy(k => k.Eps).ToList();
        if (epsKeys.Count > 0)
        {
            var curves = byVariant.Select(g => new CurveSeries(g.Key,
                [0, .. epsKeys.Select(k => k.Eps)],
                [g.Average(m => m.Robustness.GetValueOrDefault("robust-clean", m.CleanAccuracy)), .. epsKeys.Select(k => g.Average(m => m.Robustness.GetValueOrDefault(k.Key, double.NaN)))])).ToList();
            files.Add(Save(CurvePlot.Create("PGD L-inf robust accuracy (expected over noise draws)", "eps (x/255)", "accuracy", curves), folder, "accuracy-vs-eps"));
        }

        // Corruption accuracy per variant.
        if (analysis.Models.All(m => m.Robustness.ContainsKey("corruption")))
        {
            var names = byVariant.Select(g => g.Key).ToList();
            var values = byVariant.Select(g => g.Select(m => m.Robustness["corruption"]).ToList()).ToList();
            files.Add(Save(ModelComparisonPlot.Create("Mean accuracy over the 15 corruptions (bars: min-max over seeds)", "accuracy", names,
                values.Select(v => v.Average()).ToList(), values.Select(v => v.Min()).ToList(), values.Select(v => v.Max()).ToList()), folder, "corruptions"));
        }

        // V1 property histograms of the baseline and the VOne variant, pooled over seeds, over the recorded ones.
        foreach (var variant in plan.Variants.Where(v => v.Name is StudyFamily.BaselineName or "vone"))
        {
            // A plan without the V1 stage has no such tasks (and no histograms).
            var layers = plan.Tasks.Where(t => t.Variant == variant.Name && t.Stage == StudyStage.V1Properties)
                .Select(t => Path.Combine(store.ModelDirectory(t), V1PropertiesStage.ResultFile)).Where(File.Exists)
                .Select(p => V1PropertiesResult.FromJson(File.ReadAllText(p)).Layers[0]).ToList();
            if (layers.Count == 0)
            {
                continue;
            }

            foreach (var d in MarquesDistributions.All)
            {
                var values = layers.SelectMany(l => l.Values.TryGetValue(d.Name, out var v) ? v : []).ToList();
                var counts = DistributionSimilarity.Histogram(values, d.Bins).Select(c => (double)c).ToArray();
                double score = layers.Average(l => l.Scores.First(s => s.Property == d.Name).Ceiled);
                var plot = HistogramPlot.Create(
                    string.Create(CultureInfo.InvariantCulture, $"{d.Name}: {variant.Name} ({layers[0].Layer}), mean ceiled score {score:0.000}"),
                    d.Name.Split('-')[1] + (d.Unit.Length > 0 ? $" ({d.Unit})" : ""),
                    d.Bins, d.Histogram.Select(c => (double)c).ToArray(), string.Create(CultureInfo.InvariantCulture, $"macaque V1 (n = {d.ValueCount})"),
                    counts, string.Create(CultureInfo.InvariantCulture, $"{variant.Name} (n = {counts.Sum():0}, {layers.Count} seeds)"), d.LogScale);
                files.Add(Save(plot, folder, $"v1-{variant.Name}-{d.Name}"));
            }
        }

        // Neural benchmark figures (per-layer curves, model vs brain RDMs, MDS) of each variant's first seed.
        foreach (var variant in plan.Variants)
        {
            var task = plan.Tasks.FirstOrDefault(t => t.Variant == variant.Name && t.Seed == plan.Seeds[0] && t.Stage == StudyStage.Neural);
            string? path = task is null ? null : Path.Combine(store.ModelDirectory(task), NeuralStage.ResultFile);
            if (path is not null && File.Exists(path))
            {
                string sub = Path.Combine("neural", task!.ModelId);
                files.AddRange(NeuralReportWriter.Write(NeuralBenchmarkResult.FromJson(File.ReadAllText(path)), Path.Combine(folder, sub))
                    .Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Select(f => Path.Combine(sub, f)));
            }
        }

        return files;
    }

    private static LabelledPoint Point(string label, IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        new(label, x.Average(), y.Average(), (x.Max() - x.Min()) / 2, (y.Max() - y.Min()) / 2);

    private static string Save(PlotModel model, string folder, string stem)
    {
        PlotExporter.SavePng(model, Path.Combine(folder, stem + ".png"));
        PlotExporter.SaveSvg(model, Path.Combine(folder, stem + ".svg"));
        return stem + ".png";
    }

    private static string Slug(string text) => new([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-')]);

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
}
