using BioVision.Interactive;
using BioVision.Reports;
using BioVision.Plotting;
using BioVision.Robustness;
using BioVision.Robustness.Corruptions;
using BioVision.Robustness.Evaluation;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using Xunit;

namespace BioVision.Interactive.Tests;

/// <summary>The robustness figures are built from the report record: sweeps only, bands from the Wilson intervals, eps in 1/255.</summary>
public sealed class RobustnessFiguresTests
{
    private static RobustAccuracy Acc(double p) => new(p, p - 0.1, p + 0.1, p, p - 0.05, 8, 32);

    private static AttackResult Attack(string name, AttackKind kind, double eps255, double accuracy, AttackRole role = AttackRole.Sweep) =>
        new(name, kind, ThreatNorm.Linf, eps255 / 255, 4, role, Acc(accuracy), [], eps255 / 255, true, 1);

    private static RobustnessReport Report()
    {
        double[] grid = [1, 2, 4];
        var attacks = grid.Select(e => Attack("PGD-Linf 5it EOT4", AttackKind.Pgd, e, 0.6 - (0.1 * e)))
            .Concat(grid.Select(e => Attack("FGSM EOT4", AttackKind.Fgsm, e, 0.65 - (0.05 * e))))
            .Append(Attack("PGD-Linf 10it EOT4", AttackKind.Pgd, 4, 0.15, AttackRole.DoubleSteps))
            .ToList();
        var worst = grid.Select(e => new WorstCaseResult(ThreatNorm.Linf, e / 255, ["PGD-Linf 5it EOT4", "FGSM EOT4"], Acc(0.55 - (0.1 * e)))).ToList();
        var corruptions = new[] { "gaussian_noise", "fog" }.SelectMany(c => new[] { 1, 3, 5 }.Select(s => new CorruptionResult(c, s, Acc(0.7 - (0.1 * s)), 1))).ToList();
        return new RobustnessReport("toy", "procedural", 32, 10, true, Acc(0.7), attacks, worst, corruptions, null, [], new RobustnessOptions());
    }

    [Fact]
    public void Accuracy_vs_eps_has_one_curve_per_sweep_attack_with_its_band_and_the_clean_point()
    {
        PlotModel plot = RobustnessFigures.AccuracyVsEpsilon(Report(), ThreatNorm.Linf);
        var lines = plot.Series.OfType<LineSeries>().Where(s => s is not AreaSeries).ToList(); // AreaSeries derives from LineSeries
        Assert.Equal(["PGD-Linf 5it EOT4", "FGSM EOT4", "worst case over attacks (per image)"], lines.Select(l => l.Title));
        Assert.Equal([0, 1, 2, 4], lines[0].Points.Select(p => p.X));                 // eps 0 (clean) then x/255
        Assert.Equal(0.7, lines[0].Points[0].Y, 12);
        Assert.Equal(0.2, lines[0].Points[^1].Y, 12);
        var bands = plot.Series.OfType<AreaSeries>().ToList();
        Assert.Equal(2, bands.Count);                                                  // the attacks, not the worst case
        Assert.Equal(0.1, bands[0].Points2[^1].Y, 12);                                 // PGD's Wilson interval at 4/255: [0.1, 0.3]
        Assert.Equal(0.3, bands[0].Points[^1].Y, 12);
        Assert.Equal("eps (x/255, L-inf)", plot.Axes.Single(a => a.Position == AxisPosition.Bottom).Title);
        Assert.Equal(PlotTheme.Background, plot.Background);
    }

    [Fact]
    public void Corruption_figures_average_over_severities_and_tick_whole_severities()
    {
        var report = Report();
        PlotModel bars = RobustnessFigures.CorruptionBars(report);
        var bottom = bars.Axes.Single(a => a.Position == AxisPosition.Bottom);
        Assert.Equal("gaussian noise", bottom.LabelFormatter!(0));
        Assert.Equal("fog", bottom.LabelFormatter!(1));
        var rectangles = bars.Series.OfType<RectangleBarSeries>().Single().Items;
        Assert.Equal(0.4, rectangles[0].Y1, 12);                                       // mean of 0.6, 0.4, 0.2
        Assert.Contains("clean accuracy 0.700", bars.Annotations.OfType<OxyPlot.Annotations.RectangleAnnotation>().Single().Text, StringComparison.Ordinal);

        PlotModel severity = RobustnessFigures.CorruptionsBySeverity(report);
        var x = severity.Axes.Single(a => a.Position == AxisPosition.Bottom);
        Assert.Equal(1, x.MajorStep);
        Assert.Equal("0", x.StringFormat);
        Assert.Equal(["accuracy-vs-eps-Linf", "corruptions", "corruptions-by-severity"], RobustnessFigures.All(report).Select(f => f.Name));
    }

    [Fact]
    public void The_report_writer_writes_the_record_the_tables_and_every_standard_figure()
    {
        var report = Report();
        string folder = Path.Combine(Path.GetTempPath(), "biovision-report-writer-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = RobustnessReportWriter.Write(report, folder);
            var names = written.Select(Path.GetFileName).ToHashSet();
            foreach (var (name, _) in RobustnessFigures.All(report))
            {
                Assert.Contains(name + ".png", names);
                Assert.Contains(name + ".svg", names);
                Assert.True(new FileInfo(Path.Combine(folder, name + ".png")).Length > 1000, name);
            }

            string json = File.ReadAllText(Path.Combine(folder, "report.json"));
            Assert.Equal(report.ToJson(), RobustnessReport.FromJson(json).ToJson());
            Assert.Equal(report.ToMarkdown(), File.ReadAllText(Path.Combine(folder, "report.md")));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_norm_without_sweeps_and_a_report_without_corruptions_are_refused()
    {
        var report = Report();
        Assert.Throws<ArgumentException>(() => RobustnessFigures.AccuracyVsEpsilon(report, ThreatNorm.L2));
        var clean = report with { Corruptions = [] };
        Assert.Throws<ArgumentException>(() => RobustnessFigures.CorruptionBars(clean));
        Assert.Single(RobustnessFigures.All(clean));
    }
}
