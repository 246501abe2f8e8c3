using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BioVision.Experiments;

/// <summary>
/// The study's report: its definition (every setting, defaults included), the analysis, and the tasks still missing.
/// Serialises to JSON (<see cref="ToJson"/>) and prints as Markdown (<see cref="ToMarkdown"/>).
/// </summary>
/// <param name="Definition">Plan and settings.</param>
/// <param name="Analysis">Correlations, contrasts and verdicts (null when fewer than one model is complete).</param>
/// <param name="Missing">Identifiers of tasks without results.</param>
public sealed record StudyReport(StudyDefinition Definition, StudyAnalysis? Analysis, IReadOnlyList<string> Missing)
{
    /// <summary>Why a result at this scale may differ from the ImageNet-scale one (printed in every report).</summary>
    public static IReadOnlyList<string> ScaleCaveats { get; } =
    [
        "The V1 front end is scaled to the image: at 28 px it spans 1 degree of visual angle (28 px/deg), so it holds far fewer spatial frequencies and positions than the 8-degree, 224 px VOneBlock.",
        "The V1 benchmarks map the 12-degree grating canvas onto that small field of view; the brain data (natural images, objects) lie far outside the training distribution of small grey-scale data.",
        "Dapello et al. compared about thirty architectures; this family varies one factor at a time around one backbone, which isolates causes but spans a narrower range of V1 scores.",
        "Small models on small images reach zero robust accuracy at other eps than ImageNet models; the eps grid is in the report.",
        "With a dozen variants and few seeds, correlation intervals are wide: 'inconclusive' is the expected outcome of a weak effect at this scale.",
    ];

    /// <summary>JSON of every number (NaN written as a literal).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ExperimentsJsonContext.Default.StudyReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    public static StudyReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, ExperimentsJsonContext.Default.StudyReport) ?? throw new JsonException("The report is empty (null).");

    /// <summary>The report as Markdown: settings, per-model table, verdicts, correlations, contrasts and caveats.</summary>
    public string ToMarkdown()
    {
        var s = new StringBuilder();
        var plan = Definition.Plan;
        s.AppendLine("# Brain similarity vs robustness: the reproduction study").AppendLine();
        s.AppendLine(Inv($"{plan.Variants.Count} variants x {plan.Seeds.Count} seeds ({plan.ModelCount} models), stages {string.Join(", ", plan.Stages)}."));
        if (Missing.Count > 0)
        {
            s.AppendLine().AppendLine(Inv($"**Incomplete:** {Missing.Count} task(s) have no result yet: {string.Join(", ", Missing.Take(12))}{(Missing.Count > 12 ? ", ..." : "")}. Rerun `biovision reproduce` with the same --out to finish them."));
        }

        s.AppendLine().AppendLine("## Settings (every option, defaults included)").AppendLine().AppendLine("| option | value |").AppendLine("| --- | --- |");
        using (var doc = JsonDocument.Parse(JsonSerializer.Serialize(Definition.Options, ExperimentsJsonContext.Default.StudyOptions)))
        {
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                s.AppendLine(Inv($"| {p.Name} | {Compact(p.Value).Replace("|", "\\|", StringComparison.Ordinal)} |"));
            }
        }

        s.AppendLine().AppendLine("## Variants").AppendLine().AppendLine("| variant | description |").AppendLine("| --- | --- |");
        foreach (var v in plan.Variants)
        {
            s.AppendLine(Inv($"| {v.Name} | {v.Description} |"));
        }

        if (Analysis is null)
        {
            s.AppendLine().AppendLine("No model has finished every stage yet; no analysis.");
            return s.ToString();
        }

        var a = Analysis;
        var robustKeys = a.Models.SelectMany(m => m.Robustness.Keys).Distinct().Where(IsHeadline).Order(StringComparer.Ordinal).ToList();
        var brainKeys = a.Models.SelectMany(m => m.BrainSimilarity.Keys).Distinct().Where(k => !k.StartsWith("v1.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        s.AppendLine().AppendLine("## Per model (mean over seeds; ± half the range over seeds)").AppendLine();
        s.Append("| variant | seeds | clean");
        foreach (var k in robustKeys.Concat(brainKeys))
        {
            s.Append(" | ").Append(k);
        }

        s.AppendLine(" |").Append("| --- | --- | ---").Append(string.Concat(Enumerable.Repeat(" | ---", robustKeys.Count + brainKeys.Count))).AppendLine(" |");
        foreach (var g in a.Models.GroupBy(m => m.Variant))
        {
            s.Append(Inv($"| {g.Key} | {g.Count()} | {Cell(g.Select(m => m.CleanAccuracy))}"));
            foreach (var k in robustKeys)
            {
                s.Append(" | ").Append(Cell(g.Select(m => m.Robustness.GetValueOrDefault(k, double.NaN))));
            }

            foreach (var k in brainKeys)
            {
                s.Append(" | ").Append(Cell(g.Select(m => m.BrainSimilarity.GetValueOrDefault(k, double.NaN))));
            }

            s.AppendLine(" |");
        }

        s.AppendLine().AppendLine("## Verdicts on the published claims").AppendLine().AppendLine("| claim | source | verdict | evidence |").AppendLine("| --- | --- | --- | --- |");
        foreach (var v in a.Verdicts)
        {
            s.AppendLine(Inv($"| {v.Claim} | {v.Source} | **{v.Verdict}** | {v.Evidence} |"));
        }

        s.AppendLine().AppendLine(Inv($"## Correlations across models ({a.Options.Confidence:P0} cluster-bootstrap intervals over variants and seeds, {a.Options.Samples} draws; partial = controlling for clean accuracy)")).AppendLine();
        s.AppendLine(Inv($"p: permutation p-value; q: the p-value adjusted by Benjamini-Hochberg over all {a.Correlations.Count} brain score x robustness pairs of the analysis (per-property V1 scores and per-corruption accuracies included). Read intervals that exclude 0 with q in mind.")).AppendLine();
        s.AppendLine("| brain score | robustness | Pearson r [CI] | p (q) | Spearman rho [CI] | p (q) | partial r [CI] | partial rho [CI] |").AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var c in a.Correlations.Where(c => IsHeadline(c.Robustness)))
        {
            var e = c.Correlation;
            s.AppendLine(Inv($"| {c.BrainScore} | {c.Robustness} | {Num(e.Pearson)} [{Num(e.PearsonLow)}, {Num(e.PearsonHigh)}] | {P(e.PearsonP)} ({P(c.PearsonQ)}) | {Num(e.Spearman)} [{Num(e.SpearmanLow)}, {Num(e.SpearmanHigh)}] | {P(e.SpearmanP)} ({P(c.SpearmanQ)}) | {Num(e.PartialPearson)} [{Num(e.PartialPearsonLow)}, {Num(e.PartialPearsonHigh)}] | {Num(e.PartialSpearman)} [{Num(e.PartialSpearmanLow)}, {Num(e.PartialSpearmanHigh)}] |"));
        }

        s.AppendLine().AppendLine("Per-property V1 scores and per-corruption accuracies are correlated too; they are in the JSON report.");
        s.AppendLine().AppendLine("## Each variant against the baseline (seed bootstrap)").AppendLine();
        foreach (var c in a.Contrasts)
        {
            s.AppendLine("- " + c);
        }

        s.AppendLine().AppendLine("## Why this small-image result may differ from the ImageNet-scale one").AppendLine();
        foreach (var caveat in ScaleCaveats)
        {
            s.AppendLine("- " + caveat);
        }

        return s.ToString();
    }

    /// <summary>The Markdown report (<see cref="ToMarkdown"/>).</summary>
    public override string ToString() => ToMarkdown();

    /// <summary>True for the robustness measures shown in the Markdown tables (not per-corruption or per-property details).</summary>
    /// <param name="key">Measure name.</param>
    public static bool IsHeadline(string key) =>
        key is not null && !key.StartsWith("corruption:", StringComparison.Ordinal) && key != "checks-failed" && key != "robust-clean";

    private static string Cell(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        return v.Count == 0 ? "n/a" : v.Count == 1 ? Inv($"{v[0]:0.000}") : Inv($"{v.Average():0.000} ± {(v.Max() - v.Min()) / 2:0.000}");
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string P(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON value on one line (the serializer context writes indented JSON, which breaks a Markdown table row).</summary>
    private static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
