using BioVision.Benchmarks.Neural;
using Xunit;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>Results round-trip through JSON (source-generated context) and print as tables.</summary>
public class NeuralBenchmarkResultTests
{
    private static NeuralBenchmarkResult Sample()
    {
        DatasetScores Scores(string name, double? ceiling) => new()
        {
            Dataset = name,
            Region = "IT",
            Metric = "RSA Spearman",
            Layers = [new LayerScore("vone_block", 0.1, 0.05, 0.15), new LayerScore("model.layer4", 0.3, double.NaN, double.PositiveInfinity)],
            Ceiling = ceiling,
            CeilingUpper = ceiling is null ? null : 0.5,
            Interval = "bootstrap",
            Note = name == "b" ? "single RDM" : null,
        };
        return new NeuralBenchmarkResult
        {
            Model = "VOne-ResNet18 (untrained)",
            Input = "3x224x224",
            Layers = ["vone_block", "model.layer4"],
            OriginalFeatures = new Dictionary<string, long> { ["vone_block"] = 1_605_632, ["model.layer4"] = 25_088 },
            Draws = 4,
            Reduction = "count sketch",
            Regions = [LayerSelection.Assign("IT (human)", Scores("a", null), Scores("b", 0.4)), LayerSelection.Assign("V1 (mouse)", Scores("c", null), Scores("d", null), weakData: true)],
            Extras = [Scores("e", 100)],
            RdmPairs = [new RdmPair("IT (human)", "model.layer4", "b (mean)", [0.1, 0.2, 0.3], [0.3, 0.2, 0.1])],
            WallSeconds = 12.5,
        };
    }

    [Fact]
    public void Json_RoundTrips_IncludingNaNAndInfinity()
    {
        var result = Sample();
        string json = result.ToJson();
        var back = NeuralBenchmarkResult.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal("model.layer4", back.Regions[0].SelectedLayer);
        Assert.Equal(0.3 / 0.4, back.Regions[0].CeiledScore!.Value, 1e-15);
        Assert.True(double.IsNaN(back.Regions[0].Score.Lower));
        Assert.Null(back.Regions[1].CeiledScore);
        Assert.True(back.Regions[1].WeakData);
        Assert.Equal(1_605_632, back.OriginalFeatures["vone_block"]);
        Assert.Equal([0.3, 0.2, 0.1], back.RdmPairs[0].Data);
    }

    [Fact]
    public void Tables_NameRegionsLayersAndWeakData()
    {
        var result = Sample();
        string text = result.ToString();
        Assert.Contains("IT (human)", text, StringComparison.Ordinal);
        Assert.Contains("model.layer4", text, StringComparison.Ordinal);
        Assert.Contains("weak data", text, StringComparison.Ordinal);
        string md = result.ToMarkdown();
        Assert.Contains("| IT (human) | RSA Spearman | a | model.layer4 | b | 0.300", md, StringComparison.Ordinal);
        Assert.Contains("## e — RSA Spearman", md, StringComparison.Ordinal);
    }

    [Fact]
    public void BadJson_IsAClearError()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => NeuralBenchmarkResult.FromJson("null"));
    }
}
