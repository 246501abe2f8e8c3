using System.Globalization;
using System.Text;
using BioVision.Benchmarks.V1Properties;
using BioVision.Plotting;
using BioVision.Runs;
using BioVision.V1;

namespace BioVision.Reports;

/// <summary>
/// Writes a V1 property benchmark's report folder from its <see cref="V1PropertiesResult"/>: <c>result.json</c> (the
/// record, which round-trips), <c>table.txt</c> (<see cref="V1PropertiesResult.ToString"/>) and, per layer and recorded
/// property, the histogram of <see cref="V1PropertyFigures.Histogram"/> as <c>&lt;layer&gt;-&lt;property&gt;.png</c> and
/// <c>.svg</c>. <c>biovision benchmark v1</c>, notebooks and library users write the same folder through this one
/// writer. Every file is written atomically, so a rerun over an existing folder replaces each file whole.
/// </summary>
public static class V1ReportWriter
{
    /// <summary>The result record's file name.</summary>
    public const string JsonFile = "result.json";

    /// <summary>The table's file name.</summary>
    public const string TableFile = "table.txt";

    /// <summary>Writes the report folder (created when missing) and returns the paths written.</summary>
    /// <param name="result">The benchmark result.</param>
    /// <param name="folder">The folder.</param>
    /// <param name="figures">Whether to draw the histograms (false writes only the record and the table).</param>
    public static IReadOnlyList<string> Write(V1PropertiesResult result, string folder, bool figures = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string json = Path.Combine(folder, JsonFile), table = Path.Combine(folder, TableFile);
        AtomicFile.WriteAllText(json, result.ToJson());
        AtomicFile.WriteAllText(table, result.ToString());
        written.Add(json);
        written.Add(table);
        if (!figures)
        {
            return written;
        }

        foreach (var layer in result.Layers)
        {
            foreach (var property in MarquesDistributions.All)
            {
                var plot = V1PropertyFigures.Histogram(layer, property, result.Model);
                string stem = Path.Combine(folder, FigureName(layer.Layer, property));
                PlotExporter.SavePng(plot, stem + ".png");
                PlotExporter.SaveSvg(plot, stem + ".svg");
                written.Add(stem + ".png");
                written.Add(stem + ".svg");
            }
        }

        return written;
    }

    /// <summary>
    /// The file name, without extension, of <paramref name="layer"/>'s histogram of <paramref name="property"/>: the
    /// layer name with every character other than letters, digits, <c>-</c>, <c>.</c> and <c>_</c> replaced by <c>_</c>,
    /// a dash, and the property's name (<c>model.layer1-DeValois1982-pref_or</c>).
    /// </summary>
    /// <param name="layer">The measured layer's name.</param>
    /// <param name="property">The recorded distribution.</param>
    public static string FigureName(string layer, PropertyDistribution property)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(property);
        return FileNamePart(layer) + "-" + property.Name;
    }

    /// <summary>
    /// <paramref name="text"/> as part of a file name: letters, digits, <c>-</c>, <c>.</c> and <c>_</c> kept, anything
    /// else replaced by <c>_</c> (<c>VOneBlock-224px (untrained)</c> becomes <c>VOneBlock-224px__untrained_</c>).
    /// </summary>
    /// <param name="text">A layer or model name.</param>
    public static string FileNamePart(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')]);
    }

    /// <summary>
    /// A VOne block's sampled Gabor parameters beside what was measured of its layer: for preferred orientation and
    /// peak spatial frequency, the fractions per bin (the recorded data's bins) of the recorded neurons, of the sampled
    /// parameters (orientations of 157.5 degrees and over folded to negative, as the data's bins are) and of the measured
    /// units, as printed text. Empty when <paramref name="result"/> has no layer <paramref name="layer"/>.
    /// </summary>
    /// <param name="result">The benchmark result.</param>
    /// <param name="parameters">The block's parameters, drawn from the De Valois distributions.</param>
    /// <param name="layer">The block's layer in <paramref name="result"/> (<c>vone_block</c>, or <c>output</c> for a bare block).</param>
    public static string SampledParameters(V1PropertiesResult result, V1Parameters parameters, string layer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(parameters);
        var measured = result.Layers.FirstOrDefault(l => l.Layer == layer);
        if (measured is null)
        {
            return "";
        }

        string Fractions(IEnumerable<int> counts)
        {
            var c = counts.ToArray();
            double total = Math.Max(1, c.Sum());
            return string.Join(" ", c.Select(x => (x / total).ToString("0.00", CultureInfo.InvariantCulture)));
        }

        IReadOnlyList<double> Measured(PropertyDistribution d) => measured.Values.TryGetValue(d.Name, out var v) ? v : [];

        var orientation = MarquesDistributions.PreferredOrientation;
        var sf = MarquesDistributions.PeakSpatialFrequency;
        var sampledOrientation = parameters.Orientation.Select(o => o >= 157.5 ? o - 180 : o);
        var sb = new StringBuilder();
        sb.AppendLine("Sampled VOneBlock parameters vs measured properties (fractions per bin of the recorded data):");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  pref_or bins {string.Join(" ", orientation.Bins.Select(b => b.ToString(CultureInfo.InvariantCulture)))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    recorded {Fractions(orientation.Histogram)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    sampled  {Fractions(DistributionSimilarity.Histogram(sampledOrientation, orientation.Bins))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    measured {Fractions(DistributionSimilarity.Histogram(Measured(orientation), orientation.Bins))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  peak_sf bins {string.Join(" ", sf.Bins.Select(b => b.ToString(CultureInfo.InvariantCulture)))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    recorded {Fractions(sf.Histogram)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    sampled  {Fractions(DistributionSimilarity.Histogram(parameters.SpatialFrequency, sf.Bins))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    measured {Fractions(DistributionSimilarity.Histogram(Measured(sf), sf.Bins))}");
        return sb.ToString();
    }
}
