using System.Globalization;
using BioVision.Experiments;
using BioVision.Plotting;
using BioVision.Training;
using OxyPlot;

namespace BioVision.Reports;

/// <summary>
/// The standard figures of the reproduction study: a brain score against white-box robustness (one point per variant,
/// bars spanning its seeds, the fitted line and the correlation in the subtitle), and the training curves of every
/// model read from its run folder.
/// </summary>
public static class StudyFigures
{
    /// <summary>
    /// <paramref name="brainScore"/> (default the V1 property score, <c>v1</c>) against the analysis' white-box robust
    /// accuracy: each variant at its mean over seeds with bars of half the range over seeds.
    /// </summary>
    /// <param name="analysis">The study's analysis.</param>
    /// <param name="brainScore">A brain-similarity measure every model has (e.g. <c>v1</c>, <c>v4.pls</c>).</param>
    /// <exception cref="ArgumentException">No model has the measure, or the analysis has no white-box measure.</exception>
    public static PlotModel BrainVsRobustness(StudyAnalysis analysis, string brainScore = "v1")
    {
        ArgumentNullException.ThrowIfNull(analysis);
        string white = analysis.Options.WhiteBoxMeasure;
        var models = analysis.Models.Where(m => m.BrainSimilarity.ContainsKey(brainScore) && m.Robustness.ContainsKey(white)).ToList();
        if (models.Count == 0)
        {
            throw new ArgumentException($"No model of the study has both '{brainScore}' and '{white}'.", nameof(brainScore));
        }

        var points = models.GroupBy(m => m.Variant).Select(g =>
        {
            var x = g.Select(m => m.BrainSimilarity[brainScore]).ToList();
            var y = g.Select(m => m.Robustness[white]).ToList();
            return new LabelledPoint(g.Key, x.Average(), y.Average(), (x.Max() - x.Min()) / 2, (y.Max() - y.Min()) / 2);
        }).ToList();
        string subtitle = "one point per variant, bars: half the range over seeds";
        if (analysis.Correlations.FirstOrDefault(c => c.BrainScore == brainScore && c.Robustness == white) is { } c)
        {
            var e = c.Correlation;
            subtitle = string.Create(CultureInfo.InvariantCulture,
                $"Spearman rho {Num(e.Spearman)} [{Num(e.SpearmanLow)}, {Num(e.SpearmanHigh)}], Pearson r {Num(e.Pearson)} [{Num(e.PearsonLow)}, {Num(e.PearsonHigh)}] over {e.Models} models; {subtitle}");
        }

        return ErrorScatterPlot.Create($"{brainScore} vs {white} robust accuracy",
            $"{brainScore} (ceiled score)", $"{white} robust accuracy", points, subtitle, fitLine: points.Count > 2);
    }

    /// <summary>Clean test accuracy against epoch of every trained model of the study (from its checkpoint's history).</summary>
    /// <param name="store">The study's folder.</param>
    /// <param name="plan">The study's plan.</param>
    /// <exception cref="ArgumentException">No model has been trained yet.</exception>
    public static PlotModel TrainingCurves(StudyStore store, StudyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        var curves = new List<CurveSeries>();
        foreach (var task in plan.Tasks.Where(t => t.Stage == StudyStage.Train && store.IsDone(t)))
        {
            var state = TrainingCheckpoint.TryRead(store.RunDirectory(task));
            if (state is null || state.History.Count == 0)
            {
                continue;
            }

            var history = state.History;
            curves.Add(new CurveSeries($"{task.ModelId} test", [.. history.Select(h => (double)h.Epoch)], [.. history.Select(h => h.TestAccuracy)]));
        }

        if (curves.Count == 0)
        {
            throw new ArgumentException($"No model of the study in {store.Directory} has been trained yet.", nameof(store));
        }

        return CurvePlot.Create("Test accuracy per epoch of every model", "epoch", "clean test accuracy", curves, integerX: true);
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
}
