namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Layer-to-region assignment on held-out data: the layer is chosen from the selection data set's scores alone and
/// then read off the test data set, so the reported score carries no selection bias.
/// </summary>
public static class LayerSelection
{
    /// <summary>The layer with the highest finite score (the earliest on ties).</summary>
    /// <param name="selection">Scores on the selection data set.</param>
    /// <exception cref="ArgumentException">No layer has a finite score.</exception>
    public static string Choose(DatasetScores selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        LayerScore? best = null;
        foreach (var l in selection.Layers)
        {
            if (double.IsFinite(l.Score) && (best is null || l.Score > best.Score))
            {
                best = l;
            }
        }

        return best?.Layer ?? throw new ArgumentException($"No layer has a finite score on {selection.Dataset}.", nameof(selection));
    }

    /// <summary>Chooses the layer on <paramref name="selection"/> and reports it on <paramref name="test"/>.</summary>
    /// <param name="region">Region name for the report.</param>
    /// <param name="selection">Scores on the selection data (a different data set, session or subject group than the test).</param>
    /// <param name="test">Scores on the test data.</param>
    /// <param name="weakData">Whether to flag the result as weak data.</param>
    /// <exception cref="ArgumentException">Both score sets come from the same data set.</exception>
    public static RegionResult Assign(string region, DatasetScores selection, DatasetScores test, bool weakData = false)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(test);
        if (selection.Dataset == test.Dataset)
        {
            throw new ArgumentException($"The layer must be chosen on data other than the test set, but both are '{test.Dataset}'.", nameof(selection));
        }

        string layer = Choose(selection);
        var score = test.For(layer);
        double? ceiling = test.Ceiling is double c && c > 0 ? c : null;
        string? bestTest = test.Layers.Where(l => double.IsFinite(l.Score)).OrderByDescending(l => l.Score).FirstOrDefault()?.Layer;
        return new RegionResult
        {
            Region = region,
            Selection = selection,
            Test = test,
            SelectedLayer = layer,
            Score = score,
            CeiledScore = score.Score / ceiling,
            CeiledLower = score.Lower / ceiling,
            CeiledUpper = score.Upper / ceiling,
            WeakData = weakData,
            BestTestLayer = bestTest,
        };
    }
}
