using System.Globalization;
using BioVision.Rsa.Inference;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// The model-comparison bar plot of RSA papers (rsatoolbox's <c>plot_model_comparison</c>): one bar per model at its
/// mean evaluation, an error bar per model, and the noise ceiling drawn as a grey band from its lower to its upper
/// bound behind the bars.
/// </summary>
public static class ModelComparisonPlot
{
    /// <summary>Builds the plot from explicit values.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="yTitle">Value-axis title, e.g. "RDM correlation [Pearson r]".</param>
    /// <param name="names">Model names (one bar each, in this order).</param>
    /// <param name="means">Mean evaluation per model.</param>
    /// <param name="lower">Lower end of each error bar (e.g. mean − SEM or a CI bound); NaN draws no bar.</param>
    /// <param name="upper">Upper end of each error bar.</param>
    /// <param name="noiseCeiling">Lower and upper bound of the noise ceiling, or null (or NaN bounds) for none.</param>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, a mean is not finite, or an error bar's lower end exceeds its upper end.</exception>
    public static PlotModel Create(string title, string yTitle, IReadOnlyList<string> names, IReadOnlyList<double> means,
        IReadOnlyList<double> lower, IReadOnlyList<double> upper, NoiseCeiling? noiseCeiling = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        int m = names.Count;
        if (m == 0 || means.Count != m || lower.Count != m || upper.Count != m)
        {
            throw new ArgumentException($"Need one mean and one error bar per model: {m} names, {means.Count} means, {lower.Count} lower and {upper.Count} upper ends.", nameof(means));
        }

        for (int i = 0; i < m; i++)
        {
            if (!double.IsFinite(means[i]))
            {
                throw new ArgumentException($"Model '{names[i]}' has mean {means[i]}.", nameof(means));
            }

            if (!double.IsNaN(lower[i]) && !(lower[i] <= upper[i]))
            {
                throw new ArgumentException($"Model '{names[i]}': the error bar [{lower[i]}, {upper[i]}] is not an interval.", nameof(lower));
            }
        }

        var model = new PlotModel { Title = title, PlotType = PlotType.XY };
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Minimum = -0.6,
            Maximum = m - 0.4,
            MajorStep = 1,
            MinorStep = 1,
            IsZoomEnabled = false,
            MajorGridlineStyle = LineStyle.None,
            Angle = m > 6 ? -45 : 0,
            LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 && v >= 0 && v < m ? names[(int)Math.Round(v)] : string.Empty,
        });

        bool withCeiling = noiseCeiling is { } nc && double.IsFinite(nc.Lower) && double.IsFinite(nc.Upper);
        double top = Enumerable.Range(0, m).Max(i => double.IsNaN(upper[i]) ? means[i] : upper[i]);
        double bottom = Math.Min(0, Enumerable.Range(0, m).Min(i => double.IsNaN(lower[i]) ? means[i] : lower[i]));
        if (withCeiling)
        {
            top = Math.Max(top, noiseCeiling!.Upper);
            bottom = Math.Min(bottom, noiseCeiling.Lower);
        }

        double span = Math.Max(top - bottom, 1e-9);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = yTitle,
            Minimum = bottom < 0 ? bottom - (0.05 * span) : 0,
            Maximum = top + (0.08 * span),
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromAColor(60, OxyColors.Black),
        });

        if (withCeiling)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = -0.6,
                MaximumX = m - 0.4,
                MinimumY = noiseCeiling!.Lower,
                MaximumY = noiseCeiling.Upper,
                Fill = OxyColor.FromRgb(212, 212, 212),
                Layer = AnnotationLayer.BelowSeries,
                Text = string.Create(CultureInfo.InvariantCulture, $"noise ceiling [{noiseCeiling.Lower:F3}, {noiseCeiling.Upper:F3}]"),
                TextHorizontalAlignment = HorizontalAlignment.Right,
                TextVerticalAlignment = VerticalAlignment.Top,
                TextPosition = new DataPoint(m - 0.45, noiseCeiling.Upper),
            });
        }

        var bars = new RectangleBarSeries { FillColor = OxyColor.FromRgb(70, 110, 170), StrokeColor = OxyColors.Black, StrokeThickness = 0.5, Title = "models" };
        var errors = new LineSeries { Color = OxyColors.Black, StrokeThickness = 1.5, LineStyle = LineStyle.Solid };
        for (int i = 0; i < m; i++)
        {
            bars.Items.Add(new RectangleBarItem(i - 0.35, Math.Min(0, means[i]), i + 0.35, Math.Max(0, means[i])));
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]))
            {
                continue;
            }

            // Whisker with caps; an undefined point breaks the line between models.
            errors.Points.AddRange([new DataPoint(i - 0.12, lower[i]), new DataPoint(i + 0.12, lower[i]), DataPoint.Undefined,
                new DataPoint(i, lower[i]), new DataPoint(i, upper[i]), DataPoint.Undefined,
                new DataPoint(i - 0.12, upper[i]), new DataPoint(i + 0.12, upper[i]), DataPoint.Undefined]);
        }

        model.Series.Add(bars);
        model.Series.Add(errors);
        return PlotTheme.Apply(model);
    }

    /// <summary>
    /// Builds the plot from an RSA evaluation: bars at the mean evaluations, error bars from
    /// <see cref="EvaluationResult.ConfidenceIntervals"/> (t-based, or bootstrap percentiles), band at the noise ceiling.
    /// </summary>
    /// <param name="result">The evaluation.</param>
    /// <param name="title">Plot title (default: the method and evaluation kind).</param>
    /// <param name="level">Confidence level of the error bars (default 0.95).</param>
    /// <param name="percentile">Use bootstrap percentile intervals instead of mean ± t·SEM.</param>
    public static PlotModel Create(EvaluationResult result, string? title = null, double level = 0.95, bool percentile = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (lo, hi) = result.ConfidenceIntervals(level, percentile);
        string label = string.Create(CultureInfo.InvariantCulture, $"{result.Method} ({result.Kind}, {level:P0} CI)");
        return Create(title ?? "Model comparison", label, result.ModelNames, result.Means, lo, hi, result.NoiseCeiling);
    }
}
