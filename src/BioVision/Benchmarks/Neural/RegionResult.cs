using System.Globalization;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// A brain region's result: the layer assigned to it, chosen on the <see cref="Selection"/> data set only, and that
/// layer's score on the separate <see cref="Test"/> data set, raw and divided by the test set's noise ceiling.
/// </summary>
public sealed record RegionResult
{
    /// <summary>Region name as reported (e.g. <c>IT (human)</c>, <c>V4</c>).</summary>
    public required string Region { get; init; }

    /// <summary>Per-layer scores on the data used to choose the layer (never the test data).</summary>
    public required DatasetScores Selection { get; init; }

    /// <summary>Per-layer scores on the reported (test) data.</summary>
    public required DatasetScores Test { get; init; }

    /// <summary>The layer with the best score on <see cref="Selection"/> (the earliest on ties).</summary>
    public required string SelectedLayer { get; init; }

    /// <summary>The selected layer's score on <see cref="Test"/>, with its interval.</summary>
    public required LayerScore Score { get; init; }

    /// <summary><see cref="Score"/> divided by the test ceiling (null without a ceiling).</summary>
    public double? CeiledScore { get; init; }

    /// <summary>The interval's lower end divided by the ceiling.</summary>
    public double? CeiledLower { get; init; }

    /// <summary>The interval's upper end divided by the ceiling.</summary>
    public double? CeiledUpper { get; init; }

    /// <summary>True for data too small or indirect to carry weight (the Allen mouse V1 extract).</summary>
    public bool WeakData { get; init; }

    /// <summary>The layer with the best test score, for information only (a gap to <see cref="SelectedLayer"/> shows selection variance).</summary>
    public string? BestTestLayer { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        string ceiled = CeiledScore is double c
            ? string.Create(CultureInfo.InvariantCulture, $", ceiled {c:F3} [{CeiledLower:F3}, {CeiledUpper:F3}]")
            : ", no ceiling";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Region}{(WeakData ? " [weak data]" : "")}: layer {SelectedLayer} (chosen on {Selection.Dataset}), {Test.Metric} on {Test.Dataset} = {Score.Score:F4} [{Score.Lower:F4}, {Score.Upper:F4}]{ceiled}");
    }
}
