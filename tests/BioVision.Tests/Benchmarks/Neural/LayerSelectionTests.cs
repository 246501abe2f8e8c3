using BioVision.Benchmarks.Neural;
using Xunit;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>The layer assigned to a region is chosen on the selection data only and reported on the test data.</summary>
public class LayerSelectionTests
{
    private static DatasetScores Scores(string dataset, params double[] values) => new()
    {
        Dataset = dataset,
        Region = "V4",
        Metric = "test metric",
        Layers = [.. values.Select((v, i) => new LayerScore("layer" + i, v, v - 0.01, v + 0.01))],
        Ceiling = 0.5,
    };

    [Fact]
    public void TheChosenLayerIsTheSelectionSetsBest_EvenWhenTheTestSetPrefersAnother()
    {
        // Selection prefers layer1; the test data prefer layer3. Looking at the test data would pick layer3 and
        // report 0.9 instead of 0.2.
        var selection = Scores("validation", 0.1, 0.6, 0.3, 0.2);
        var test = Scores("test", 0.1, 0.2, 0.3, 0.9);
        var result = LayerSelection.Assign("V4", selection, test);
        Assert.Equal("layer1", result.SelectedLayer);
        Assert.Equal(0.2, result.Score.Score);
        Assert.Equal(0.2 / 0.5, result.CeiledScore!.Value, 1e-15);
        Assert.Equal("layer3", result.BestTestLayer);
        Assert.Same(selection, result.Selection);
        Assert.Same(test, result.Test);
    }

    [Fact]
    public void ChangingOnlyTheTestScores_NeverChangesTheChoice()
    {
        var selection = Scores("validation", 0.3, 0.1, 0.5, 0.4);
        var rng = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            var test = Scores("test", [.. Enumerable.Range(0, 4).Select(_ => rng.NextDouble())]);
            Assert.Equal("layer2", LayerSelection.Assign("V4", selection, test).SelectedLayer);
        }
    }

    [Fact]
    public void ChoosingOnTheTestSetItself_IsRefused()
    {
        var scores = Scores("cowley2023-V4-190923", 0.1, 0.2);
        var e = Assert.Throws<ArgumentException>(() => LayerSelection.Assign("V4", scores, scores));
        Assert.Contains("other than the test set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TiesGoToTheEarliestLayer_AndNaNIsSkipped()
    {
        Assert.Equal("layer1", LayerSelection.Choose(Scores("s", double.NaN, 0.4, 0.4)));
        Assert.Throws<ArgumentException>(() => LayerSelection.Choose(Scores("s", double.NaN, double.NaN)));
    }

    [Fact]
    public void V4Sessions_SelectionTestAndCeilingSessionsAreDisjoint()
    {
        var all = NeuralData.V4TestSessions.Append(NeuralData.V4ValidationSession).Append(NeuralData.V4CeilingSession).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
