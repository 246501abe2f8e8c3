using System.Text.Json;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;
using BioVision.Rsa.Serialization;

namespace BioVision.Rsa.Tests;

/// <summary>Rdms, Dataset and EvaluationResult round-trip through JSON exactly (float64 shortest round-trip, NaN kept).</summary>
public class JsonRoundTripTests
{
    [Fact]
    public void RdmsRoundTripWithDescriptorsAndNaN()
    {
        var rdms = Inputs92.Sessions.SubsamplePatterns([0, 0, 3, 5, 7, 9]);
        Assert.Contains(double.NaN, rdms.Vector(0).ToArray());
        var back = Rdms.FromJson(rdms.ToJson());
        Assert.Equal(rdms.Vectors.ToArray(), back.Vectors.ToArray());
        Assert.Equal(rdms.Count, back.Count);
        Assert.Equal(rdms.DissimilarityMeasure, back.DissimilarityMeasure);
        Assert.Equal(rdms.Descriptor("subject"), back.Descriptor("subject"));
        Assert.Equal(rdms.Descriptor("index"), back.Descriptor("index"));

        // Plain JsonSerializer (reflection) uses the same converter, also inside other objects.
        var viaReflection = JsonSerializer.Deserialize<Rdms[]>(JsonSerializer.Serialize(new[] { rdms }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }))!;
        Assert.Equal(rdms.Vectors.ToArray(), viaReflection[0].Vectors.ToArray());
    }

    [Fact]
    public void DatasetRoundTripWithRunsAndNames()
    {
        var d = Dataset.FromLabels([0.1, 0.2, 1.0 / 3, 4, 5, 6], 3, 2, ["b", "a", "b"], [0, 0, 1]);
        var back = Dataset.FromJson(d.ToJson());
        Assert.Equal(d.Measurements.ToArray(), back.Measurements.ToArray());
        Assert.Equal(d.Conditions, back.Conditions);
        Assert.Equal(d.Runs!, back.Runs!);
        Assert.Equal(d.ConditionNames!, back.ConditionNames!);
        Assert.Equal(d.Channels, back.Channels);
    }

    [Fact]
    public void MalformedJsonGivesAJsonExceptionNamingTheProblem()
    {
        var ex = Assert.Throws<JsonException>(() => Dataset.FromJson("""{"observations":2,"channels":2,"measurements":[[1,2],[3]],"conditions":[0,1]}"""));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => Rdms.FromJson("""{"dissimilarityMeasure":"x","conditions":3,"vectors":[[1,2]],"descriptors":{}}"""));
    }

    public static TheoryData<string> Evaluations => ["fixed", "pattern", "dual", "single"];

    [Theory]
    [MemberData(nameof(Evaluations))]
    public void EvaluationResultRoundTrip(string which)
    {
        var models = Inputs92.Models;
        var result = which switch
        {
            "fixed" => ModelEvaluation.Fixed(models, Inputs92.Subjects, ComparisonMethod.Pearson),
            "pattern" => ModelEvaluation.Bootstrap(models, Inputs92.Subjects, ComparisonMethod.Spearman, EvaluationKind.BootstrapPatterns, samples: 20, seed: 3),
            "dual" => ModelEvaluation.Bootstrap(models, Inputs92.Subjects, ComparisonMethod.Pearson, EvaluationKind.DualBootstrap, samples: 10, seed: 1),
            _ => ModelEvaluation.Fixed(models, Inputs92.Monkey, ComparisonMethod.Pearson),
        };
        string json = result.ToJson();
        var back = EvaluationResult.FromJson(json);
        Assert.Equal(result.Kind, back.Kind);
        Assert.Equal(result.Method, back.Method);
        Assert.Equal(result.ModelNames, back.ModelNames);
        Assert.Equal(ReferenceData.Flat(result.Samples), ReferenceData.Flat(back.Samples));
        Assert.Equal(result.NoiseCeilings, back.NoiseCeilings);
        Assert.Equal(result.NoiseCeiling, back.NoiseCeiling);
        Assert.Equal(result.Means, back.Means);
        Assert.Equal(result.Sem, back.Sem);
        Assert.Equal(result.PZero, back.PZero);
        Assert.Equal(result.PNoise, back.PNoise);
        Assert.Equal(ReferenceData.Flat(result.PPairwise), ReferenceData.Flat(back.PPairwise));
        Assert.Equal(result.Dof, back.Dof);
        Assert.Equal(result.ToString(), back.ToString());

        // Readers in other languages find the statistics and the enums by name.
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(result.Kind.ToString(), doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(result.Means.Count, doc.RootElement.GetProperty("means").GetArrayLength());
        Assert.NotNull(JsonSerializer.Deserialize(json, RsaJsonContext.Default.EvaluationResultDocument));
    }
}
