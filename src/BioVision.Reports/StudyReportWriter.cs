using System.Globalization;
using System.Text;
using BioVision.Experiments;
using BioVision.Runs;

namespace BioVision.Reports;

/// <summary>
/// Writes a study's report folder (<c>report/</c> in the study folder) from what its tasks stored: <c>report.json</c>
/// (the <see cref="StudyReport"/>, which round-trips), <c>report.md</c> (<see cref="StudyReport.ToMarkdown"/> and the figures)
/// and the figures as PNG and SVG (brain score vs white-box robustness, accuracy vs eps, corruptions, V1 histograms,
/// neural benchmark figures). <c>biovision reproduce</c> and notebooks write the same folder through this one writer.
/// </summary>
public static class StudyReportWriter
{
    /// <summary>Analyses the finished tasks of <paramref name="runner"/>'s study and writes its report folder.</summary>
    /// <param name="runner">The study.</param>
    /// <returns>The report and the figure files written (PNG, relative to the report folder).</returns>
    public static (StudyReport Report, IReadOnlyList<string> Figures) Write(StudyRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var report = runner.Report();
        var store = runner.Context.Store;
        string folder = store.ReportDirectory;
        Directory.CreateDirectory(folder);
        var figures = report.Analysis is null ? [] : StudyPlots.Write(report.Analysis, store, runner.Context.Plan, folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), report.ToJson());
        var md = new StringBuilder(report.ToMarkdown());
        if (figures.Count > 0)
        {
            md.AppendLine().AppendLine("## Figures").AppendLine();
            foreach (var f in figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![{f}]({f})");
            }
        }

        AtomicFile.WriteAllText(Path.Combine(folder, "report.md"), md.ToString());
        return (report, figures);
    }
}
