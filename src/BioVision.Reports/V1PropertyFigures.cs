using System.Globalization;
using BioVision.Benchmarks.V1Properties;
using BioVision.Plotting;
using OxyPlot;

namespace BioVision.Reports;

/// <summary>
/// The standard figures of a V1 property measurement (Marques et al. 2021): for each scored property, the layer's
/// distribution over the recorded macaque V1 distribution on the data's own bins, titled with the ceiled score.
/// </summary>
public static class V1PropertyFigures
{
    /// <summary>One histogram of <paramref name="layer"/>'s values of <paramref name="property"/> over the recorded neurons.</summary>
    /// <param name="layer">The measured layer.</param>
    /// <param name="property">The recorded distribution (one of <see cref="MarquesDistributions.All"/>).</param>
    /// <param name="model">The model's name, for the title and legend.</param>
    public static PlotModel Histogram(LayerV1Properties layer, PropertyDistribution property, string model)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(property);
        var values = layer.Values.TryGetValue(property.Name, out var v) ? v : [];
        var counts = DistributionSimilarity.Histogram(values, property.Bins).Select(c => (double)c).ToArray();
        var score = layer.Scores.FirstOrDefault(s => s.Property == property.Name);
        string scoreText = score is null ? "not scored" : string.Create(CultureInfo.InvariantCulture, $"ceiled score {score.Ceiled:0.000}");
        string axis = property.Name[(property.Name.IndexOf('-', StringComparison.Ordinal) + 1)..].Replace('_', ' ');
        return HistogramPlot.Create(
            $"{property.Name}: {model} {layer.Layer}, {scoreText}",
            axis + (property.Unit.Length > 0 ? $" ({property.Unit})" : ""),
            property.Bins, [.. property.Histogram.Select(c => (double)c)], string.Create(CultureInfo.InvariantCulture, $"macaque V1 (n = {property.ValueCount})"),
            counts, string.Create(CultureInfo.InvariantCulture, $"{layer.Layer} units (n = {counts.Sum():0})"), property.LogScale);
    }

    /// <summary>The histograms of every scored property of <paramref name="layer"/>, named <c>v1-&lt;layer&gt;-&lt;property&gt;</c>.</summary>
    /// <param name="layer">The measured layer.</param>
    /// <param name="model">The model's name.</param>
    public static IReadOnlyList<(string Name, PlotModel Plot)> Histograms(LayerV1Properties layer, string model)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return [.. MarquesDistributions.All.Select(d => ($"v1-{layer.Layer}-{d.Name}", Histogram(layer, d, model)))];
    }
}
