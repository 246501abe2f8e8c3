using System.Globalization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// Scatter plot of labelled points with error bars in x and y and the least-squares line, for "score vs score across
/// models" figures (for example a brain-similarity score against robust accuracy, one point per model).
/// </summary>
public static class ErrorScatterPlot
{
    /// <summary>Builds the plot.</summary>
    /// <param name="title">Plot title (a subtitle can carry the correlation).</param>
    /// <param name="xTitle">X axis title.</param>
    /// <param name="yTitle">Y axis title.</param>
    /// <param name="points">The points; error bars are half-widths (0 for none).</param>
    /// <param name="subtitle">Optional subtitle, for example the correlation and its interval.</param>
    /// <param name="fitLine">Draw the ordinary least-squares line of y on x (when x varies).</param>
    /// <exception cref="ArgumentException">No points, or a non-finite coordinate or negative error bar.</exception>
    public static PlotModel Create(string title, string xTitle, string yTitle, IReadOnlyList<LabelledPoint> points, string? subtitle = null, bool fitLine = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("An error scatter plot needs at least one point.", nameof(points));
        }

        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !(p.XError >= 0) || !(p.YError >= 0))
            {
                throw new ArgumentException($"Point '{p.Label}' has a non-finite coordinate or a negative/NaN error bar ({p}).", nameof(points));
            }
        }

        var model = new PlotModel { Title = title, Subtitle = subtitle, SubtitleFontSize = 11 };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MinimumPadding = 0.08, MaximumPadding = 0.15 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MinimumPadding = 0.08, MaximumPadding = 0.1 });
        var series = new ScatterErrorSeries
        {
            MarkerType = MarkerType.Circle,
            MarkerSize = 4,
            MarkerFill = OxyColor.FromRgb(0x1f, 0x77, 0xb4),
            ErrorBarColor = OxyColor.FromRgb(0x7f, 0x7f, 0x7f),
            ErrorBarStopWidth = 2,
        };
        foreach (var p in points)
        {
            series.Points.Add(new ScatterErrorPoint(p.X, p.Y, p.XError, p.YError));
            model.Annotations.Add(new TextAnnotation
            {
                Text = p.Label,
                TextPosition = new DataPoint(p.X, p.Y),
                TextHorizontalAlignment = HorizontalAlignment.Left,
                TextVerticalAlignment = VerticalAlignment.Bottom,
                Stroke = OxyColors.Transparent,
                FontSize = 9,
            });
        }

        if (fitLine && LeastSquares(points) is var (slope, intercept))
        {
            double lo = points.Min(p => p.X), hi = points.Max(p => p.X);
            var line = new LineSeries
            {
                Title = string.Create(CultureInfo.InvariantCulture, $"y = {slope:0.###} x {(intercept < 0 ? "-" : "+")} {Math.Abs(intercept):0.###}"),
                Color = OxyColor.FromRgb(0xd6, 0x27, 0x28),
                LineStyle = LineStyle.Dash,
            };
            line.Points.Add(new DataPoint(lo, intercept + (slope * lo)));
            line.Points.Add(new DataPoint(hi, intercept + (slope * hi)));
            model.Series.Add(line);
            model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.TopLeft, LegendFontSize = 10 });
        }

        model.Series.Add(series);
        return PlotTheme.Apply(model);
    }

    /// <summary>Ordinary least-squares slope and intercept of y on x; null when x does not vary.</summary>
    /// <param name="points">The points.</param>
    public static (double Slope, double Intercept)? LeastSquares(IReadOnlyList<LabelledPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        if (!(sxx > 0))
        {
            return null;
        }

        double slope = points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
        return (slope, my - (slope * mx));
    }
}
