using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>Line plots of several curves with markers and a legend (e.g. accuracy vs ε per model).</summary>
public static class CurvePlot
{
    /// <summary>Builds a line plot.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="xTitle">X-axis title.</param>
    /// <param name="yTitle">Y-axis title.</param>
    /// <param name="curves">The curves; each needs matching X and Y lengths.</param>
    /// <param name="logX">Logarithmic x axis (default false; x values must then be positive).</param>
    public static PlotModel Create(string title, string xTitle, string yTitle, IEnumerable<CurveSeries> curves, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var model = new PlotModel { Title = title };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Inside });
        model.Axes.Add(logX ? new LogarithmicAxis { Position = AxisPosition.Bottom, Title = xTitle } : new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle });
        foreach (CurveSeries curve in curves)
        {
            if (curve.X.Count != curve.Y.Count)
            {
                throw new ArgumentException($"Curve '{curve.Name}' has {curve.X.Count} x values but {curve.Y.Count} y values.", nameof(curves));
            }

            var line = new LineSeries { Title = curve.Name, MarkerType = MarkerType.Circle, MarkerSize = 3 };
            for (int i = 0; i < curve.X.Count; i++)
            {
                if (logX && !(curve.X[i] > 0))
                {
                    throw new ArgumentException($"Curve '{curve.Name}' has x = {curve.X[i]}, not allowed on a logarithmic axis.", nameof(curves));
                }

                line.Points.Add(new DataPoint(curve.X[i], curve.Y[i]));
            }

            model.Series.Add(line);
        }

        return model;
    }
}
