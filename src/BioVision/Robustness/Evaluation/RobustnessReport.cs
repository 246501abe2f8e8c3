using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BioVision.Robustness.Corruptions;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// Everything a robustness evaluation measured: clean accuracy, every attack at every eps, the per-image worst case
/// across attacks, corruption accuracy and mCE, and the sanity checklist. Serialises to JSON
/// (<see cref="ToJson"/>/<see cref="FromJson"/>) and prints as tables (<see cref="ToString"/>, <see cref="ToMarkdown"/>).
/// </summary>
/// <param name="Model">The model's name.</param>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Images">Number of evaluated images.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Stochastic">Whether the model's outputs vary between forward passes (V1 noise on).</param>
/// <param name="Clean">Clean accuracy.</param>
/// <param name="Attacks">Every attack run (sweeps and check runs).</param>
/// <param name="WorstCases">Per norm and eps, the per-image worst case over the sweeps' attacks.</param>
/// <param name="Corruptions">Per corruption and severity accuracy (empty when not evaluated).</param>
/// <param name="CorruptionSummary">Mean corruption accuracy and mCE, or null.</param>
/// <param name="Checks">The sanity checklist.</param>
/// <param name="Options">The settings used.</param>
public sealed record RobustnessReport(
    string Model,
    string Dataset,
    int Images,
    int Classes,
    bool Stochastic,
    RobustAccuracy Clean,
    IReadOnlyList<AttackResult> Attacks,
    IReadOnlyList<WorstCaseResult> WorstCases,
    IReadOnlyList<CorruptionResult> Corruptions,
    CorruptionSummary? CorruptionSummary,
    IReadOnlyList<SanityCheck> Checks,
    RobustnessOptions Options)
{
    /// <summary>
    /// Whether at least one sanity check ran (was not skipped). False when the checks were turned off
    /// (<see cref="RobustnessOptions.Checks"/> false, the CLI's <c>--no-checks</c>) or every check was skipped.
    /// </summary>
    public bool ChecksRan => Checks.Any(c => c.Status != CheckStatus.Skipped);

    /// <summary>Whether a sanity check failed.</summary>
    public bool AnyCheckFailed => Checks.Any(c => c.Status == CheckStatus.Failed);

    /// <summary>
    /// Whether checks ran and none failed (skipped checks do not count as failures). False when no check ran: an
    /// unchecked evaluation is not reported as a passed one; use <see cref="AnyCheckFailed"/> for "nothing failed".
    /// </summary>
    public bool AllChecksPassed => ChecksRan && !AnyCheckFailed;

    /// <summary>The one-line verdict of the checklist, as <see cref="ToString"/> and <see cref="ToMarkdown"/> end.</summary>
    [JsonIgnore]
    public string ChecksVerdict
    {
        get
        {
            int skipped = Checks.Count(c => c.Status == CheckStatus.Skipped);
            if (AnyCheckFailed)
            {
                return "Some checks failed: do not trust these robustness numbers as they stand.";
            }

            if (Checks.Count == 0)
            {
                return "No sanity check ran (checks were turned off): these robustness numbers are unchecked.";
            }

            if (!ChecksRan)
            {
                return string.Create(CultureInfo.InvariantCulture, $"No sanity check ran (all {skipped} were skipped): these robustness numbers are unchecked.");
            }

            return skipped == 0 ? "All checks passed." : string.Create(CultureInfo.InvariantCulture, $"All checks that ran passed ({skipped} skipped).");
        }
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RobustnessJsonContext.Default.RobustnessReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">Not a robustness report.</exception>
    public static RobustnessReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, RobustnessJsonContext.Default.RobustnessReport) ?? throw new JsonException("The JSON holds no robustness report.");

    /// <summary>This model's corruption errors as the baseline of another model's mCE.</summary>
    /// <exception cref="InvalidOperationException">The report has no corruption results.</exception>
    public CorruptionBaseline AsCorruptionBaseline()
    {
        if (Corruptions.Count == 0)
        {
            throw new InvalidOperationException($"The report of {Model} has no corruption results to serve as a baseline.");
        }

        var errors = Corruptions.GroupBy(c => c.Corruption).ToDictionary(
            g => g.Key,
            g =>
            {
                var values = new double[5];
                foreach (var r in g)
                {
                    values[r.Severity - 1] = 1 - r.Accuracy.Expected;
                }

                return (IReadOnlyList<double>)values;
            });
        return new CorruptionBaseline(Model, 1 - Clean.Expected, errors);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Robustness of {Model} on {Dataset}: {Images} images, {Classes} classes, {(Stochastic ? "stochastic" : "deterministic")} model"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Clean accuracy: {Clean}"));
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"attack",-34} {"role",-12} {"eps",9} {"expected",9} {"95% CI",17} {"vote",7} {"worst",7} {"max |d|",9} {"s",7}"));
        foreach (var a in Attacks)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.Attack,-34} {Short(a.Role.Describe()),-12} {a.Epsilon,9:G4} {a.Accuracy.Expected,9:P1} {"[" + a.Accuracy.Lower.ToString("P1", CultureInfo.InvariantCulture) + ", " + a.Accuracy.Upper.ToString("P1", CultureInfo.InvariantCulture) + "]",17} {a.Accuracy.MajorityVote,7:P1} {a.Accuracy.WorstCase,7:P1} {a.MaxPerturbation,9:G4} {a.Seconds,7:F1}"));
        }

        foreach (var a in Attacks.Where(a => a.Queries is not null))
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {a.Attack} eps {a.Epsilon:G4}: queries per image mean {a.Queries!.Mean:F1}, median {a.Queries.Median:G4}, max {a.Queries.Max}"));
        }

        if (WorstCases.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Per-image worst case across attacks:");
            foreach (var w in WorstCases)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {w.Norm,-5} eps {w.Epsilon,9:G4}: {w.Accuracy} over {string.Join(", ", w.Attacks)}"));
            }
        }

        if (CorruptionSummary is not null)
        {
            sb.AppendLine();
            sb.Append(CorruptionSummary);
        }

        sb.AppendLine();
        sb.AppendLine("Sanity checks:");
        foreach (var c in Checks)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  [{c.Status.ToString().ToUpperInvariant(),-7}] {c.Name}: {c.Detail}"));
        }

        if (Checks.Count == 0)
        {
            sb.AppendLine("  (none: checks were turned off)");
        }

        sb.AppendLine(AnyCheckFailed ? "SOME CHECKS FAILED: do not trust these robustness numbers as they stand." : ChecksVerdict);
        return sb.ToString();
    }

    /// <summary>A Markdown summary: tables of attacks, worst cases, corruptions and checks.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"# Robustness of {Model} on {Dataset}"));
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Images} images, {Classes} classes, {(Stochastic ? "stochastic" : "deterministic")} model, scored over {Clean.Draws} noise draws per image."));
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Clean accuracy: **{Clean.Expected:P2}** (95% CI {Clean.Lower:P1}–{Clean.Upper:P1}; vote {Clean.MajorityVote:P1}; worst {Clean.WorstCase:P1})"));
        sb.AppendLine();
        sb.AppendLine("## Attacks");
        sb.AppendLine();
        sb.AppendLine("| attack | role | eps | expected | 95% CI | majority vote | worst over draws | max perturbation |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var a in Attacks)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {a.Attack} | {a.Role.Describe()} | {a.Epsilon:G4} | {a.Accuracy.Expected:P1} | {a.Accuracy.Lower:P1}–{a.Accuracy.Upper:P1} | {a.Accuracy.MajorityVote:P1} | {a.Accuracy.WorstCase:P1} | {a.MaxPerturbation:G4} |"));
        }

        var queried = Attacks.Where(a => a.Queries is not null).ToList();
        if (queried.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("| score-based attack | eps | mean queries per image | median | max |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var a in queried)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {a.Attack} | {a.Epsilon:G4} | {a.Queries!.Mean:F1} | {a.Queries.Median:G4} | {a.Queries.Max} |"));
            }
        }

        if (WorstCases.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Per-image worst case across attacks");
            sb.AppendLine();
            sb.AppendLine("| norm | eps | expected | 95% CI | worst over draws | attacks |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var w in WorstCases)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {w.Norm} | {w.Epsilon:G4} | {w.Accuracy.Expected:P1} | {w.Accuracy.Lower:P1}–{w.Accuracy.Upper:P1} | {w.Accuracy.WorstCase:P1} | {string.Join(", ", w.Attacks)} |"));
            }
        }

        if (CorruptionSummary is { } cs)
        {
            sb.AppendLine();
            sb.AppendLine("## Common corruptions");
            sb.AppendLine();
            string normalised = cs.Mce is null ? "." : string.Create(CultureInfo.InvariantCulture, $"; mCE {cs.Mce:F1}, relative mCE {cs.RelativeMce:F1} against {cs.Baseline}.");
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Mean accuracy {cs.MeanAccuracy:P1}") + normalised);
            sb.AppendLine();
            sb.AppendLine("| corruption | errors (severity 1–5) | mean error | CE | relative CE |");
            sb.AppendLine("|---|---|---|---|---|");
            foreach (var r in cs.PerCorruption)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Corruption} | {string.Join(" ", r.Errors.Select(e => e.ToString("F3", CultureInfo.InvariantCulture)))} | {r.MeanError:F3} | {(r.CorruptionErrorValue is double ce ? (100 * ce).ToString("F1", CultureInfo.InvariantCulture) : "–")} | {(r.RelativeCorruptionError is double rc ? (100 * rc).ToString("F1", CultureInfo.InvariantCulture) : "–")} |"));
            }

            if (cs.IncludesFrostStandIn)
            {
                sb.AppendLine();
                sb.AppendLine("Note: " + CorruptionSummary.FrostStandInNote);
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Sanity checks");
        sb.AppendLine();
        if (Checks.Count > 0)
        {
            sb.AppendLine("| check | status | detail |");
            sb.AppendLine("|---|---|---|");
            foreach (var c in Checks)
            {
                sb.AppendLine($"| {c.Name} | {(c.Status == CheckStatus.Failed ? "**FAILED**" : c.Status.ToString())} | {c.Detail} |");
            }

            sb.AppendLine();
        }

        sb.AppendLine(AnyCheckFailed || !ChecksRan ? $"**{ChecksVerdict}**" : ChecksVerdict);
        return sb.ToString();
    }

    private static string Short(string role) => role.Length <= 12 ? role : role[..12];
}
