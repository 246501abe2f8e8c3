using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>Scatter plots, optionally with a text label beside each point.</summary>
public static class ScatterPlot
{
    /// <summary>Builds a scatter plot.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="xTitle">X-axis title.</param>
    /// <param name="yTitle">Y-axis title.</param>
    /// <param name="x">X coordinates.</param>
    /// <param name="y">Y coordinates (as many as x).</param>
    /// <param name="labels">Optional point labels (as many as x).</param>
    public static PlotModel Create(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || (labels is not null && labels.Count != x.Count))
        {
            throw new ArgumentException($"Scatter plot needs equal counts: {x.Count} x, {y.Count} y, {labels?.Count ?? x.Count} labels.", nameof(y));
        }

        var model = new PlotModel { Title = title };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle });
        var series = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 4, MarkerFill = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
        for (int i = 0; i < x.Count; i++)
        {
            series.Points.Add(new ScatterPoint(x[i], y[i]));
            if (labels is not null)
            {
                model.Annotations.Add(new TextAnnotation
                {
                    Text = labels[i],
                    TextPosition = new DataPoint(x[i], y[i]),
                    TextHorizontalAlignment = HorizontalAlignment.Left,
                    TextVerticalAlignment = VerticalAlignment.Bottom,
                    Stroke = OxyColors.Transparent,
                    FontSize = 9,
                });
            }
        }

        model.Series.Add(series);
        return PlotTheme.Apply(model);
    }
}
