using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// Line plots of several curves with markers and a legend (e.g. accuracy vs ε per model), each optionally with its
/// interval drawn as a translucent band in the curve's colour (<see cref="CurveSeries.Lower"/>/<see cref="CurveSeries.Upper"/>).
/// </summary>
public static class CurvePlot
{
    private static readonly MarkerType[] Markers = [MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond];

    /// <summary>Builds a line plot.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="xTitle">X-axis title.</param>
    /// <param name="yTitle">Y-axis title.</param>
    /// <param name="curves">The curves; each needs matching X and Y lengths (and band lengths, when it has a band).</param>
    /// <param name="logX">Logarithmic x axis (default false; x values must then be positive).</param>
    /// <param name="integerX">Ticks and labels only at whole numbers (e.g. corruption severities 1 to 5); default false.</param>
    /// <exception cref="ArgumentException">A curve's lengths disagree, its band is not an interval, or a log axis gets x ≤ 0.</exception>
    public static PlotModel Create(string title, string xTitle, string yTitle, IEnumerable<CurveSeries> curves, bool logX = false, bool integerX = false)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var list = curves.ToList();
        var model = new PlotModel { Title = title };
        // Below the plot area: with a dozen curves, or long labels, an inside legend covers the lines and annotations.
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        Axis x = logX ? new LogarithmicAxis { Position = AxisPosition.Bottom, Title = xTitle } : new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle };
        if (integerX && !logX)
        {
            var xs = list.SelectMany(c => c.X).Where(double.IsFinite).ToList();
            x.MajorStep = 1;
            x.MinorStep = 1;
            x.StringFormat = "0";
            if (xs.Count > 0)
            {
                x.Minimum = Math.Floor(xs.Min()) - 0.25;
                x.Maximum = Math.Ceiling(xs.Max()) + 0.25;
            }
        }

        model.Axes.Add(x);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot, MajorGridlineColor = OxyColor.FromAColor(50, OxyColors.Black) });
        for (int index = 0; index < list.Count; index++)
        {
            CurveSeries curve = list[index];
            curve.Validate();
            if (logX && curve.X.FirstOrDefault(v => !(v > 0), 1) is var bad && !(bad > 0))
            {
                throw new ArgumentException($"Curve '{curve.Name}' has x = {bad}, not allowed on a logarithmic axis.", nameof(curves));
            }

            AddCurve(model, curve.Name, curve.X, curve.Y, curve.Lower, curve.Upper, index);
        }

        return PlotTheme.Apply(model);
    }

    /// <summary>
    /// Adds one curve (line with markers, and its band behind it when given) in the colour, dash and marker of
    /// position <paramref name="index"/>: ten distinct colours, then dashed lines; the marker shape changes too, so
    /// curves stay apart in grey print.
    /// </summary>
    internal static void AddCurve(PlotModel model, string name, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double>? lower, IReadOnlyList<double>? upper, int index)
    {
        OxyColor color = PlotTheme.Palette[index % PlotTheme.Palette.Count];
        if (lower is not null && upper is not null)
        {
            // AreaSeries fills between Points (upper edge, left to right) and Points2 (lower edge); no outline, no legend entry.
            var band = new AreaSeries { Fill = PlotTheme.Translucent(color), Color = OxyColors.Transparent, Color2 = OxyColors.Transparent, StrokeThickness = 0, RenderInLegend = false };
            for (int i = 0; i < x.Count; i++)
            {
                bool defined = double.IsFinite(lower[i]) && double.IsFinite(upper[i]);
                band.Points.Add(defined ? new DataPoint(x[i], upper[i]) : DataPoint.Undefined);
                band.Points2.Add(defined ? new DataPoint(x[i], lower[i]) : DataPoint.Undefined);
            }

            model.Series.Add(band);
        }

        var line = new LineSeries
        {
            Title = name,
            Color = color,
            MarkerFill = color,
            LineStyle = index / PlotTheme.Palette.Count % 2 == 0 ? LineStyle.Solid : LineStyle.Dash,
            MarkerType = Markers[index % Markers.Length],
            MarkerSize = 3,
        };
        for (int i = 0; i < x.Count; i++)
        {
            line.Points.Add(new DataPoint(x[i], y[i]));
        }

        model.Series.Add(line);
    }
}
