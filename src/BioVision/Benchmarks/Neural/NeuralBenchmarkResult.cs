using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BioVision.Benchmarks.Neural;

/// <summary>The result of <see cref="NeuralBenchmark.Run"/>: per region the selected layer and its held-out score, and every per-layer curve.</summary>
public sealed record NeuralBenchmarkResult
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>The input the model was shown (channels × height × width, pixels in [0, 1]).</summary>
    public required string Input { get; init; }

    /// <summary>Layers recorded.</summary>
    public required IReadOnlyList<string> Layers { get; init; }

    /// <summary>Features per layer before reduction.</summary>
    public required IReadOnlyDictionary<string, long> OriginalFeatures { get; init; }

    /// <summary>Noise draws averaged per image (1 for a deterministic model).</summary>
    public required int Draws { get; init; }

    /// <summary>How large layers were reduced (e.g. <c>count-sketch random projection to 4096 features, seed 0</c>).</summary>
    public required string Reduction { get; init; }

    /// <summary>Per region: selected layer, held-out score, ceiled score.</summary>
    public required IReadOnlyList<RegionResult> Regions { get; init; }

    /// <summary>Further per-layer curves (e.g. the Algonauts score).</summary>
    public IReadOnlyList<DatasetScores> Extras { get; init; } = [];

    /// <summary>Model and brain RDMs of the selected layers on the 92 images, for figures.</summary>
    public IReadOnlyList<RdmPair> RdmPairs { get; init; } = [];

    /// <summary>Wall-clock seconds of the run.</summary>
    public double WallSeconds { get; init; }

    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NeuralBenchmarkJsonContext.Default.NeuralBenchmarkResult);

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">Not a result.</exception>
    public static NeuralBenchmarkResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, NeuralBenchmarkJsonContext.Default.NeuralBenchmarkResult) ?? throw new JsonException("The JSON holds no neural benchmark result.");

    /// <summary>A Markdown report: summary table, then every per-layer curve.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Neural benchmark: {Model}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Input {Input} (pixels in [0, 1]), {Draws} noise draw(s) per image, {Reduction}; {WallSeconds:F0} s.");
        sb.AppendLine();
        sb.AppendLine("| region | metric | chosen on | layer | reported on | score [95% CI] | ceiling | ceiled [95% CI] |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Regions)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Region}{(r.WeakData ? " (weak data)" : "")} | {r.Test.Metric} | {r.Selection.Dataset} | {r.SelectedLayer} | {r.Test.Dataset} | {r.Score.Score:F3} [{r.Score.Lower:F3}, {r.Score.Upper:F3}] | {F(r.Test.Ceiling)} | {(r.CeiledScore is double c ? string.Create(CultureInfo.InvariantCulture, $"{c:F3} [{r.CeiledLower:F3}, {r.CeiledUpper:F3}]") : "–")} |");
        }

        foreach (var d in Regions.SelectMany(r => new[] { r.Selection, r.Test }).Concat(Extras).DistinctBy(d => (d.Dataset, d.Metric)))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {d.Dataset} — {d.Metric}");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Ceiling {F(d.Ceiling)}{(d.CeilingUpper is double u ? string.Create(CultureInfo.InvariantCulture, $" (upper bound {u:F3})") : "")}; intervals: {d.Interval}.{(d.Note is null ? "" : " " + d.Note + ".")}");
            sb.AppendLine();
            sb.AppendLine("| layer | score | 95% CI |");
            sb.AppendLine("|---|---|---|");
            foreach (var l in d.Layers)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {l.Layer} | {l.Score:F4} | [{l.Lower:F4}, {l.Upper:F4}] |");
            }
        }

        return sb.ToString();
    }

    /// <summary>A plain-text summary table (one row per region).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Model}: input {Input}, {Draws} draw(s), {Reduction}, {WallSeconds:F0} s");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"region",-16} {"layer",-16} {"chosen on",-28} {"reported on",-28} {"score",8} {"95% CI",-19} {"ceiled",7}");
        foreach (var r in Regions)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Region + (r.WeakData ? "*" : ""),-16} {r.SelectedLayer,-16} {r.Selection.Dataset,-28} {r.Test.Dataset,-28} {r.Score.Score,8:F3} [{r.Score.Lower,7:F3}, {r.Score.Upper,7:F3}] {(r.CeiledScore is double c ? c.ToString("F3", CultureInfo.InvariantCulture) : "-"),7}");
        }

        if (Regions.Any(r => r.WeakData))
        {
            sb.AppendLine("* weak data (Allen mouse V1 extract: 18 test scenes, 31 x 31 px)");
        }

        return sb.ToString();
    }

    private static string F(double? v) => v is double d ? d.ToString("F3", CultureInfo.InvariantCulture) : "none";
}
