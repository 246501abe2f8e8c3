using System.Globalization;
using System.Text;

namespace BioVision.Robustness.Corruptions;

/// <summary>
/// Corruption robustness (Hendrycks and Dietterich 2019): mean accuracy over all corruptions and severities, per
/// corruption errors, and, against a named baseline, mCE and relative mCE (means of CE and relative CE, ×100).
/// </summary>
/// <param name="MeanAccuracy">Mean accuracy over every corruption and severity (RobustBench's corruption number).</param>
/// <param name="CleanError">The model's clean error.</param>
/// <param name="PerCorruption">Errors per corruption.</param>
/// <param name="Baseline">The baseline's name, or null.</param>
/// <param name="Mce">mCE ×100, or null without a baseline.</param>
/// <param name="RelativeMce">Relative mCE ×100, or null.</param>
public sealed record CorruptionSummary(double MeanAccuracy, double CleanError, IReadOnlyList<CorruptionError> PerCorruption, string? Baseline, double? Mce, double? RelativeMce)
{
    /// <summary>Computes the summary.</summary>
    /// <param name="results">Per corruption and severity results.</param>
    /// <param name="cleanError">The model's clean error.</param>
    /// <param name="baseline">The normalising model, or null.</param>
    /// <exception cref="ArgumentException">No results, or the baseline lacks a corruption or severity that was evaluated.</exception>
    public static CorruptionSummary Compute(IReadOnlyList<CorruptionResult> results, double cleanError, CorruptionBaseline? baseline)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("A corruption summary needs at least one result.", nameof(results));
        }

        var rows = new List<CorruptionError>();
        foreach (var group in results.GroupBy(r => r.Corruption))
        {
            var ordered = group.OrderBy(r => r.Severity).ToArray();
            var errors = ordered.Select(r => 1 - r.Accuracy.Expected).ToArray();
            double? ce = null, relative = null;
            if (baseline is not null)
            {
                if (!baseline.Errors.TryGetValue(group.Key, out var reference) || ordered.Any(r => r.Severity > reference.Count))
                {
                    throw new ArgumentException($"Baseline '{baseline.Name}' has no errors for {group.Key} at every evaluated severity.", nameof(baseline));
                }

                double sumModel = errors.Sum();
                double sumBase = ordered.Sum(r => reference[r.Severity - 1]);
                ce = sumModel / sumBase;
                double relBase = ordered.Sum(r => reference[r.Severity - 1] - baseline.CleanError);
                relative = relBase == 0 ? null : ordered.Sum(r => 1 - r.Accuracy.Expected - cleanError) / relBase;
            }

            rows.Add(new CorruptionError(group.Key, errors, errors.Average(), ce, relative));
        }

        double meanAccuracy = results.Average(r => r.Accuracy.Expected);
        double? mce = baseline is null ? null : 100 * rows.Average(r => r.CorruptionErrorValue!.Value);
        double? rmce = baseline is null || rows.Any(r => r.RelativeCorruptionError is null) ? null : 100 * rows.Average(r => r.RelativeCorruptionError!.Value);
        return new CorruptionSummary(meanAccuracy, cleanError, rows, baseline?.Name, mce, rmce);
    }

    /// <summary>The sentence every report that includes frost prints: its overlay is a stand-in, not the photographs.</summary>
    public const string FrostStandInNote = "frost blends a procedural ice texture, a stand-in for the generators' frost photographs (calibrated to their per-severity mean absolute pixel change, not their texture).";

    /// <summary>True when frost is among the corruptions, so the report must carry <see cref="FrostStandInNote"/>.</summary>
    public bool IncludesFrostStandIn => PerCorruption.Any(r => r.Corruption == CorruptionTable.ReferenceName(CorruptionKind.Frost));

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        string normalised = Mce is null ? "" : string.Create(CultureInfo.InvariantCulture, $", mCE {Mce:F1}, relative mCE {RelativeMce:F1} (baseline {Baseline})");
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Corruptions: mean accuracy {MeanAccuracy:P1}, clean error {CleanError:P1}") + normalised);
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"corruption",-20} {"errors by severity",-42} {"mean",7} {"CE",7} {"rel CE",7}"));
        foreach (var row in PerCorruption)
        {
            string errors = string.Join(" ", row.Errors.Select(e => e.ToString("F3", CultureInfo.InvariantCulture)));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Corruption,-20} {errors,-42} {row.MeanError,7:F3} {(row.CorruptionErrorValue is double ce ? (100 * ce).ToString("F1", CultureInfo.InvariantCulture) : "-"),7} {(row.RelativeCorruptionError is double rc ? (100 * rc).ToString("F1", CultureInfo.InvariantCulture) : "-"),7}"));
        }

        if (IncludesFrostStandIn)
        {
            sb.AppendLine("Note: " + FrostStandInNote);
        }

        return sb.ToString();
    }
}
