using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// A score per model layer, layers named along a category axis in network order (not numbered on a continuous axis),
/// one curve per data set with its interval band, and the noise ceiling as a grey band across all layers.
/// </summary>
public static class LayerCurvePlot
{
    /// <summary>Builds the plot.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="yTitle">Value-axis title, e.g. "RDM correlation [Pearson r]".</param>
    /// <param name="layers">Layer names, in network order (one category each).</param>
    /// <param name="curves">The curves, each with one value per layer.</param>
    /// <param name="ceiling">Lower and upper bound of a noise ceiling drawn as a band across the layers, or null.</param>
    /// <param name="ceilingName">Legend entry of the ceiling band (default "noise ceiling").</param>
    /// <exception cref="ArgumentException">No layers, or a curve without one value (and interval) per layer.</exception>
    public static PlotModel Create(string title, string yTitle, IReadOnlyList<string> layers, IEnumerable<LayerCurve> curves,
        (double Lower, double Upper)? ceiling = null, string ceilingName = "noise ceiling")
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(curves);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A layer curve needs at least one layer.", nameof(layers));
        }

        var model = new PlotModel { Title = title };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        var axis = new CategoryAxis { Position = AxisPosition.Bottom, Title = "layer", IsZoomEnabled = false, GapWidth = 0, Angle = layers.Count > 6 ? -30 : 0 };
        axis.Labels.AddRange(layers);
        model.Axes.Add(axis);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot, MajorGridlineColor = OxyColor.FromAColor(50, OxyColors.Black) });

        if (ceiling is { } c && double.IsFinite(c.Lower) && double.IsFinite(c.Upper))
        {
            var band = new AreaSeries
            {
                Title = string.Create(CultureInfo.InvariantCulture, $"{ceilingName} [{c.Lower:0.000}, {c.Upper:0.000}]"),
                Fill = OxyColor.FromRgb(215, 215, 215),
                Color = OxyColor.FromRgb(150, 150, 150),
                Color2 = OxyColor.FromRgb(150, 150, 150),
                StrokeThickness = 1,
            };
            band.Points.AddRange([new DataPoint(-0.5, c.Upper), new DataPoint(layers.Count - 0.5, c.Upper)]);
            band.Points2.AddRange([new DataPoint(-0.5, c.Lower), new DataPoint(layers.Count - 0.5, c.Lower)]);
            model.Series.Add(band);
        }

        var x = Enumerable.Range(0, layers.Count).Select(i => (double)i).ToArray();
        int index = 0;
        foreach (LayerCurve curve in curves)
        {
            if (curve.Values.Count != layers.Count)
            {
                throw new ArgumentException($"Curve '{curve.Name}' has {curve.Values.Count} values for {layers.Count} layers.", nameof(curves));
            }

            new CurveSeries(curve.Name, x, curve.Values, curve.Lower, curve.Upper).Validate();
            CurvePlot.AddCurve(model, curve.Name, x, curve.Values, curve.Lower, curve.Upper, index++);
        }

        return PlotTheme.Apply(model);
    }
}
