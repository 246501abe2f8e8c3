using BioVision.Plotting;
using BioVision.Robustness.Evaluation;
using BioVision.Runs;

namespace BioVision.Reports;

/// <summary>
/// Writes a robustness report folder from its <see cref="RobustnessReport"/>: <c>report.json</c> (the record, which
/// round-trips), <c>report.md</c> (tables and the checklist) and every standard figure of
/// <see cref="RobustnessFigures.All"/> as PNG and SVG. The CLI's <c>robustness</c> command, notebooks and library users
/// write the same folder through this one writer. Every file is written atomically.
/// </summary>
public static class RobustnessReportWriter
{
    /// <summary>Writes the report folder (created when missing) and returns the paths written.</summary>
    /// <param name="report">The report.</param>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<string> Write(RobustnessReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string json = Path.Combine(folder, "report.json"), markdown = Path.Combine(folder, "report.md");
        AtomicFile.WriteAllText(json, report.ToJson());
        AtomicFile.WriteAllText(markdown, report.ToMarkdown());
        written.Add(json);
        written.Add(markdown);
        foreach (var (name, plot) in RobustnessFigures.All(report))
        {
            // Corruption figures name up to fifteen corruptions: give them room.
            (int width, int height) = name.StartsWith("corruptions", StringComparison.Ordinal) ? (1000, 700) : (800, 600);
            string png = Path.Combine(folder, name + ".png"), svg = Path.Combine(folder, name + ".svg");
            PlotExporter.SavePng(plot, png, width, height);
            PlotExporter.SaveSvg(plot, svg, width, height);
            written.Add(png);
            written.Add(svg);
        }

        return written;
    }
}
