using System.Globalization;
using System.Text;

namespace BioVision.Benchmarks.Neural;

/// <summary>Per-layer scores of a model on one data set with one metric, and the data set's noise ceiling.</summary>
public sealed record DatasetScores
{
    /// <summary>Data set name (e.g. <c>algonauts2019-IT</c>, <c>cowley2023-V4-test</c>).</summary>
    public required string Dataset { get; init; }

    /// <summary>Brain region.</summary>
    public required string Region { get; init; }

    /// <summary>Metric, e.g. <c>RSA Spearman</c>, <c>PLS-25 median r</c>, <c>unbiased CKA</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Scores per layer, in the model's order.</summary>
    public required IReadOnlyList<LayerScore> Layers { get; init; }

    /// <summary>
    /// The noise ceiling in the metric's units (RSA: the lower, leave-one-subject-out bound; predictivity: split-half
    /// reliability), or null when the data give none.
    /// </summary>
    public double? Ceiling { get; init; }

    /// <summary>RSA: the upper bound of the noise ceiling; otherwise null.</summary>
    public double? CeilingUpper { get; init; }

    /// <summary>How the intervals were obtained (e.g. <c>bootstrap subjects+stimuli, 1000 draws, percentile</c>).</summary>
    public string Interval { get; init; } = "";

    /// <summary>Free-text notes (e.g. how a single-RDM ceiling is handled, weak data).</summary>
    public string? Note { get; init; }

    /// <summary>The score of a layer.</summary>
    /// <param name="layer">Layer name.</param>
    /// <exception cref="KeyNotFoundException">No such layer.</exception>
    public LayerScore For(string layer) => Layers.FirstOrDefault(l => l.Layer == layer)
        ?? throw new KeyNotFoundException($"{Dataset} has no score for layer '{layer}'.");

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Dataset} ({Region}), {Metric}; ceiling {Format(Ceiling)}{(CeilingUpper is double u ? string.Create(CultureInfo.InvariantCulture, $" (upper {u:F4})") : "")}; {Interval}");
        foreach (var l in Layers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {l.Layer,-24} {l.Score,8:F4}  [{l.Lower,8:F4}, {l.Upper,8:F4}]");
        }

        if (Note is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  note: {Note}");
        }

        return sb.ToString();
    }

    private static string Format(double? v) => v is double d ? d.ToString("F4", CultureInfo.InvariantCulture) : "none";
}
