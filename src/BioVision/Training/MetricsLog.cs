using BioVision.Runs;
using System.Text;
using System.Text.Json;

namespace BioVision.Training;

/// <summary>Writes the per-epoch metrics as <c>metrics.csv</c> and <c>metrics.json</c>, each replaced atomically.</summary>
public static class MetricsLog
{
    /// <summary>The CSV file name.</summary>
    public const string CsvFile = "metrics.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFile = "metrics.json";

    /// <summary>
    /// Options that write NaN (no test set) as a JSON string instead of failing, backed by the source-generated
    /// <see cref="TrainingJsonContext"/> (no reflection).
    /// </summary>
    public static JsonSerializerOptions JsonOptions => TrainingJsonContext.Default.Options;

    /// <summary>Writes both files into <paramref name="directory"/>.</summary>
    /// <param name="directory">The output folder (created if needed).</param>
    /// <param name="history">All epochs so far.</param>
    public static void Write(string directory, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder().AppendLine(EpochMetrics.CsvHeader);
        foreach (var m in history)
        {
            csv.AppendLine(m.ToCsvRow());
        }

        AtomicFile.WriteAllText(Path.Combine(directory, CsvFile), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(history, TrainingJsonContext.Default.IReadOnlyListEpochMetrics));
    }
}
