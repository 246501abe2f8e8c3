using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The V1 property benchmarks of one model, per layer. Serialises to JSON (<see cref="ToJson"/>, <see cref="FromJson"/>)
/// and prints as a table (<see cref="ToString"/>) with the reference's ceilings and AlexNet scores beside.
/// </summary>
public sealed record V1PropertiesResult
{
    /// <summary>The model's name.</summary>
    public string Model { get; init; } = "";

    /// <summary>The field of view the stimuli were drawn in.</summary>
    public ScreenGeometry Screen { get; init; } = new();

    /// <summary>Stimulus centre, degrees below the screen centre.</summary>
    public double PositionY { get; init; }

    /// <summary>Stimulus centre, degrees right of the screen centre.</summary>
    public double PositionX { get; init; }

    /// <summary>Whether the model gave different responses to repeated presentations.</summary>
    public bool Stochastic { get; init; }

    /// <summary>Trials per property stimulus.</summary>
    public int Trials { get; init; }

    /// <summary>Trials per mapping stimulus.</summary>
    public int MappingTrials { get; init; }

    /// <summary>Noise floor of the receptive-field maps in effect, robust standard deviations (0: the reference's maps).</summary>
    public double ReceptiveFieldNoiseFloor { get; init; }

    /// <summary>Seed of the unit draw and bootstrap.</summary>
    public long Seed { get; init; }

    /// <summary>Bootstrap samples.</summary>
    public int BootstrapSamples { get; init; }

    /// <summary>Images presented (all trials).</summary>
    public long Presentations { get; init; }

    /// <summary>Wall time of the measurement, seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The layers, in the order requested.</summary>
    public IReadOnlyList<LayerV1Properties> Layers { get; init; } = [];

    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, V1PropertiesJsonContext.Default.V1PropertiesResult);

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a result.</exception>
    public static V1PropertiesResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, V1PropertiesJsonContext.Default.V1PropertiesResult) ?? throw new JsonException("The JSON text holds no V1 properties result.");

    /// <summary>A table: per layer the seven ceiled scores, the group means and the mean; then the reference figures.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(c, $"V1 properties (Marques et al. 2021) of {Model}: {Screen.ImageSize} px, {Screen.VisualDegrees:0.###} deg, stimulus at ({PositionY:0.##}, {PositionX:0.##}) deg, {(Stochastic ? "stochastic" : "deterministic")}, {Trials} trials ({MappingTrials} for mapping{(ReceptiveFieldNoiseFloor > 0 ? string.Create(c, $", map noise floor {ReceptiveFieldNoiseFloor:0.##} robust SD") : "")}), {Presentations} presentations, {Seconds:0.#} s"));
        var names = MarquesDistributions.All.Select(d => d.Name).ToArray();
        var shortNames = new[] { "pref_or", "peak_sf", "sf_sel", "sf_bw", "ssi", "gsf", "surr_d" };
        const int layerWidth = 18;
        sb.Append("layer".PadRight(layerWidth)).Append(" rf/mapped ");
        foreach (string s in shortNames)
        {
            sb.Append(s.PadLeft(8));
        }

        sb.AppendLine("   orient     sf   rfsize  surround   mean");
        foreach (var layer in Layers)
        {
            sb.Append(Truncate(layer.Layer, layerWidth).PadRight(layerWidth)).Append(string.Create(c, $" {layer.ReceptiveFieldUnits,4}/{layer.MappedUnits,-5}"));
            foreach (string name in names)
            {
                var score = layer.Scores.FirstOrDefault(s => s.Property == name);
                sb.Append(score is null ? "       -" : string.Create(c, $"{score.Ceiled,8:0.000}"));
            }

            foreach (string group in new[] { MarquesDistributions.OrientationGroup, MarquesDistributions.SpatialFrequencyGroup, MarquesDistributions.ReceptiveFieldSizeGroup, MarquesDistributions.SurroundModulationGroup })
            {
                var g = layer.Groups.FirstOrDefault(x => x.Group == group);
                sb.Append(g is null ? "       -" : string.Create(c, $"{g.Score,9:0.000}"));
            }

            sb.AppendLine(string.Create(c, $"{layer.Score,8:0.000}") + (layer.Problem is null ? "" : "  (" + layer.Problem + ")"));
        }

        var floored = Layers.Where(l => l.ReferenceReceptiveFieldUnits is not null).ToArray();
        if (floored.Length > 0)
        {
            sb.AppendLine("rf: units selected from maps lowered by the noise floor; the reference's maps would select " +
                string.Join(", ", floored.Select(l => string.Create(c, $"{l.ReferenceReceptiveFieldUnits} ({l.Layer})"))));
        }

        sb.Append("ceiling (here)".PadRight(layerWidth)).Append("           ");
        foreach (string name in names)
        {
            var score = Layers.SelectMany(l => l.Scores).FirstOrDefault(s => s.Property == name);
            sb.Append(score is null ? "       -" : string.Create(c, $"{score.Ceiling,8:0.000}"));
        }

        sb.AppendLine();
        sb.Append("ceiling (ref.)".PadRight(layerWidth)).Append("           ");
        foreach (var d in MarquesDistributions.All)
        {
            sb.Append(string.Create(c, $"{d.ReferenceCeiling,8:0.000}"));
        }

        sb.AppendLine();
        sb.Append("AlexNet (ref.)".PadRight(layerWidth)).Append("           ");
        foreach (var d in MarquesDistributions.All)
        {
            sb.Append(string.Create(c, $"{d.ReferenceAlexNet,8:0.000}"));
        }

        sb.AppendLine();
        var unscored = Layers.Where(l => l.Unscored.Count > 0).ToArray();
        if (unscored.Length > 0)
        {
            sb.AppendLine("Ringach 2002 properties (no offline data, not scored): median [q25, q75]");
            foreach (var layer in unscored)
            {
                sb.Append("  ").Append(Truncate(layer.Layer, layerWidth).PadRight(layerWidth));
                foreach (var u in layer.Unscored)
                {
                    sb.Append(string.Create(c, $"  {u.Property.Replace("Ringach2002-", "", StringComparison.Ordinal)} {u.Median:0.###} [{u.Q25:0.###}, {u.Q75:0.###}]"));
                }

                sb.AppendLine();
            }
        }

        return sb.ToString();
    }

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
