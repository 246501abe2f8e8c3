using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// Two normalised histograms over the same bins, one over the other: a reference (e.g. recorded neurons, filled grey)
/// and a comparison (e.g. model units, outlined). Used for the V1 property distributions.
/// </summary>
public static class HistogramPlot
{
    /// <summary>Builds the plot. Counts are normalised to fractions per histogram.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="xTitle">X-axis title.</param>
    /// <param name="bins">Bin edges, increasing (one more than each histogram's length).</param>
    /// <param name="reference">Counts of the reference (drawn filled).</param>
    /// <param name="referenceName">Legend entry of the reference.</param>
    /// <param name="comparison">Counts of the comparison (drawn outlined).</param>
    /// <param name="comparisonName">Legend entry of the comparison.</param>
    /// <param name="logX">Logarithmic x axis (edges must then be positive).</param>
    /// <exception cref="ArgumentException">Lengths do not match the bins, or a log axis with non-positive edges.</exception>
    public static PlotModel Create(string title, string xTitle, IReadOnlyList<double> bins, IReadOnlyList<double> reference, string referenceName, IReadOnlyList<double> comparison, string comparisonName, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(comparison);
        if (bins.Count < 2 || reference.Count != bins.Count - 1 || comparison.Count != bins.Count - 1)
        {
            throw new ArgumentException($"Histograms need one count per bin: {bins.Count} edges, {reference.Count} and {comparison.Count} counts.");
        }

        if (logX && bins[0] <= 0)
        {
            throw new ArgumentException("A logarithmic axis needs positive bin edges.", nameof(bins));
        }

        var model = new PlotModel { Title = title, TitleFontSize = 13 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Inside });
        model.Axes.Add(logX
            ? new LogarithmicAxis { Position = AxisPosition.Bottom, Title = xTitle, Minimum = bins[0], Maximum = bins[^1] }
            : new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, Minimum = bins[0], Maximum = bins[^1] });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "fraction of neurons", Minimum = 0 });
        model.Series.Add(Series(bins, reference, referenceName, OxyColor.FromAColor(160, OxyColors.Gray), OxyColors.DimGray, 1));
        model.Series.Add(Series(bins, comparison, comparisonName, OxyColors.Transparent, OxyColors.Crimson, 2.5));
        return PlotTheme.Apply(model);
    }

    private static RectangleBarSeries Series(IReadOnlyList<double> bins, IReadOnlyList<double> counts, string name, OxyColor fill, OxyColor stroke, double thickness)
    {
        double total = counts.Sum();
        var series = new RectangleBarSeries { Title = name, FillColor = fill, StrokeColor = stroke, StrokeThickness = thickness };
        for (int b = 0; b < counts.Count; b++)
        {
            series.Items.Add(new RectangleBarItem(bins[b], 0, bins[b + 1], total > 0 ? counts[b] / total : 0));
        }

        return series;
    }
}
