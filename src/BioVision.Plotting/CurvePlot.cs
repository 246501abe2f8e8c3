using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>Line plots of several curves with markers and a legend (e.g. accuracy vs ε per model).</summary>
public static class CurvePlot
{
    // Tableau's ten categorical colours (matplotlib's default cycle), which stay distinguishable side by side.
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xff, 0x7f, 0x0e), OxyColor.FromRgb(0x2c, 0xa0, 0x2c), OxyColor.FromRgb(0xd6, 0x27, 0x28),
        OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0x8c, 0x56, 0x4b), OxyColor.FromRgb(0xe3, 0x77, 0xc2), OxyColor.FromRgb(0x7f, 0x7f, 0x7f),
        OxyColor.FromRgb(0xbc, 0xbd, 0x22), OxyColor.FromRgb(0x17, 0xbe, 0xcf),
    ];

    private static readonly MarkerType[] Markers = [MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond];

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
        // Below the plot area: with a dozen curves, or long labels, an inside legend covers the lines and annotations.
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        model.Axes.Add(logX ? new LogarithmicAxis { Position = AxisPosition.Bottom, Title = xTitle } : new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle });
        int index = 0;
        foreach (CurveSeries curve in curves)
        {
            if (curve.X.Count != curve.Y.Count)
            {
                throw new ArgumentException($"Curve '{curve.Name}' has {curve.X.Count} x values but {curve.Y.Count} y values.", nameof(curves));
            }

            // Ten distinct colours, then dashed lines; the marker shape changes too, so curves stay apart in grey print.
            var line = new LineSeries
            {
                Title = curve.Name,
                Color = Palette[index % Palette.Length],
                LineStyle = index / Palette.Length % 2 == 0 ? LineStyle.Solid : LineStyle.Dash,
                MarkerType = Markers[index % Markers.Length],
                MarkerSize = 3,
            };
            index++;
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
