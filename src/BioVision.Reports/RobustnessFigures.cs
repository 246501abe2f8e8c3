using System.Globalization;
using BioVision.Plotting;
using BioVision.Robustness;
using BioVision.Robustness.Evaluation;
using OxyPlot;

namespace BioVision.Reports;

/// <summary>
/// The standard figures of a <see cref="RobustnessReport"/>: expected accuracy against eps per attack with its 95 %
/// Wilson interval as a band (the clean accuracy at eps 0, and the per-image worst case across attacks), mean
/// accuracy per corruption as bars, and accuracy against corruption severity on whole-number ticks.
/// </summary>
public static class RobustnessFigures
{
    /// <summary>
    /// Expected robust accuracy against eps of every sweep attack at <paramref name="norm"/>, each with its Wilson
    /// interval band; eps 0 is the clean accuracy; L-inf eps is written in units of 1/255.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="norm">The threat model.</param>
    /// <exception cref="ArgumentException">The report has no sweep attack at <paramref name="norm"/>.</exception>
    public static PlotModel AccuracyVsEpsilon(RobustnessReport report, ThreatNorm norm)
    {
        ArgumentNullException.ThrowIfNull(report);
        double scale = norm == ThreatNorm.Linf ? 255 : 1;
        var curves = new List<CurveSeries>();
        foreach (var attack in report.Attacks.Where(a => a.IsSweep && a.Norm == norm).GroupBy(a => a.Attack))
        {
            var points = attack.OrderBy(a => a.Epsilon).ToList();
            curves.Add(Curve(attack.Key, report.Clean, points.Select(p => (p.Epsilon * scale, p.Accuracy)).ToList()));
        }

        if (curves.Count == 0)
        {
            throw new ArgumentException($"The report of {report.Model} has no {norm} sweep attack to plot.", nameof(norm));
        }

        var worst = report.WorstCases.Where(w => w.Norm == norm).OrderBy(w => w.Epsilon).ToList();
        if (worst.Count > 0)
        {
            // No band: the per-attack bands already show the sampling error, and a fourth band would hide the others.
            var worstCurve = Curve("worst case over attacks (per image)", report.Clean, worst.Select(w => (w.Epsilon * scale, w.Accuracy)).ToList());
            curves.Add(worstCurve with { Lower = null, Upper = null });
        }

        int draws = report.Clean.Draws;
        string title = string.Create(CultureInfo.InvariantCulture,
            $"{report.Model}: accuracy vs eps ({NormText(norm)}), {report.Images} images{(draws > 1 ? $", {draws} noise draws each" : "")}");
        return CurvePlot.Create(title, norm == ThreatNorm.Linf ? "eps (x/255, L-inf)" : $"eps ({NormText(norm)}, [0,1] pixels)",
            "expected accuracy (band: 95% Wilson interval)", curves);
    }

    /// <summary>
    /// Mean accuracy over the evaluated severities per corruption as bars, whiskers spanning the lowest to the highest
    /// severity's accuracy, and the clean accuracy's Wilson interval as a grey band for reference.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <exception cref="ArgumentException">The report has no corruption results.</exception>
    public static PlotModel CorruptionBars(RobustnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Corruptions.Count == 0)
        {
            throw new ArgumentException($"The report of {report.Model} has no corruption results.", nameof(report));
        }

        var groups = report.Corruptions.GroupBy(c => c.Corruption).ToList();
        var names = groups.Select(g => g.Key.Replace('_', ' ')).ToList();
        var means = groups.Select(g => g.Average(c => c.Accuracy.Expected)).ToList();
        var low = groups.Select(g => g.Min(c => c.Accuracy.Expected)).ToList();
        var high = groups.Select(g => g.Max(c => c.Accuracy.Expected)).ToList();
        var severities = string.Join(", ", report.Corruptions.Select(c => c.Severity).Distinct().Order());
        var plot = ModelComparisonPlot.Create($"{report.Model}: accuracy per corruption",
            "expected accuracy", names, means, low, high,
            new BioVision.Rsa.Inference.NoiseCeiling(report.Clean.Lower, report.Clean.Upper));
        plot.Subtitle = $"bar: mean over severities {severities}; whisker: lowest to highest severity; grey: clean accuracy, 95% Wilson interval";
        plot.SubtitleFontSize = 11;
        // The band is the clean accuracy here, not a noise ceiling: say so on the figure.
        foreach (var band in plot.Annotations.OfType<OxyPlot.Annotations.RectangleAnnotation>())
        {
            band.Text = string.Create(CultureInfo.InvariantCulture, $"clean accuracy {report.Clean.Expected:0.000} [{report.Clean.Lower:0.000}, {report.Clean.Upper:0.000}]");
        }

        return plot;
    }

    /// <summary>Accuracy against severity (whole-number ticks) per corruption, optionally with Wilson bands.</summary>
    /// <param name="report">The report.</param>
    /// <param name="bands">Draw each curve's 95 % Wilson interval (default false: fifteen bands hide each other).</param>
    /// <exception cref="ArgumentException">The report has no corruption results.</exception>
    public static PlotModel CorruptionsBySeverity(RobustnessReport report, bool bands = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Corruptions.Count == 0)
        {
            throw new ArgumentException($"The report of {report.Model} has no corruption results.", nameof(report));
        }

        var curves = report.Corruptions.GroupBy(c => c.Corruption).Select(g =>
        {
            var rows = g.OrderBy(c => c.Severity).ToList();
            return new CurveSeries(g.Key.Replace('_', ' '), [.. rows.Select(c => (double)c.Severity)], [.. rows.Select(c => c.Accuracy.Expected)],
                bands ? [.. rows.Select(c => c.Accuracy.Lower)] : null, bands ? [.. rows.Select(c => c.Accuracy.Upper)] : null);
        }).ToList();
        return CurvePlot.Create($"{report.Model}: accuracy per corruption and severity", "severity", "expected accuracy", curves, integerX: true);
    }

    /// <summary>Every standard figure of the report, named for files (<c>accuracy-vs-eps-Linf</c>, <c>corruptions</c>, <c>corruptions-by-severity</c>).</summary>
    /// <param name="report">The report.</param>
    public static IReadOnlyList<(string Name, PlotModel Plot)> All(RobustnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var figures = new List<(string, PlotModel)>();
        foreach (var norm in report.Attacks.Where(a => a.IsSweep).Select(a => a.Norm).Distinct().Order())
        {
            figures.Add(($"accuracy-vs-eps-{norm}", AccuracyVsEpsilon(report, norm)));
        }

        if (report.Corruptions.Count > 0)
        {
            figures.Add(("corruptions", CorruptionBars(report)));
            figures.Add(("corruptions-by-severity", CorruptionsBySeverity(report)));
        }

        return figures;
    }

    private static CurveSeries Curve(string name, RobustAccuracy clean, IReadOnlyList<(double X, RobustAccuracy Accuracy)> points)
    {
        var all = points.Any(p => p.X == 0) ? points : [(0, clean), .. points];
        return new CurveSeries(name, [.. all.Select(p => p.X)], [.. all.Select(p => p.Accuracy.Expected)],
            [.. all.Select(p => p.Accuracy.Lower)], [.. all.Select(p => p.Accuracy.Upper)]);
    }

    private static string NormText(ThreatNorm norm) => norm == ThreatNorm.Linf ? "L-inf" : norm.ToString();
}
