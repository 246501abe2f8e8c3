using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BioVision.Models;
using BioVision.Training;
using BioVision.V1;
using Xunit;

namespace BioVision.Tests.Architecture;

/// <summary>One JSON policy (<see cref="JsonPolicy"/>) across every source-generated context, and files of the earlier naming still read.</summary>
public sealed class JsonPolicyTests
{
    public static TheoryData<string> Contexts()
    {
        var data = new TheoryData<string>();
        foreach (var type in ContextTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Every_context_follows_the_one_policy(string name)
    {
        var type = ContextTypes().Single(t => t.FullName == name);
        var context = (JsonSerializerContext)type.GetProperty("Default", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        JsonPolicy.Check(context.Options, name);
    }

    [Fact]
    public void The_contexts_of_both_assemblies_are_found()
    {
        var names = ContextTypes().Select(t => t.Name).ToList();
        Assert.Contains("TrainingJsonContext", names);
        Assert.Contains("RsaJsonContext", names);
        Assert.True(names.Count >= 9, string.Join(", ", names));
    }

    [Fact]
    public void Enums_are_written_as_names_and_numbers_still_read()
    {
        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, Width = 4, ImageSize = 12 };
        string json = JsonSerializer.Serialize(spec, TrainingJsonContext.Default.ModelSpec);
        Assert.Contains("\"backbone\": \"SmallCnn\"", json, StringComparison.Ordinal);
        var numeric = JsonNode.Parse(json)!;
        numeric["backbone"] = (int)BackboneKind.ResNet18;
        Assert.Equal(BackboneKind.ResNet18, JsonSerializer.Deserialize(numeric.ToJsonString(), TrainingJsonContext.Default.ModelSpec)!.Backbone);
    }

    [Fact]
    public void A_checkpoint_written_with_PascalCase_names_reads_back_and_resumes_under_the_same_recipe()
    {
        // Checkpoints of earlier versions used PascalCase property names, also inside the recipe's model spec.
        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, Width = 4, ImageSize = 12, InputChannels = 1, VOneBlock = ScaledFrontEnd.ForImageSize(12, 1) };
        var recipe = new TrainingRecipe { Model = TrainingRecipe.Describe(spec), Data = "d", Optimizer = "o", Schedule = "s", Batches = "b", Augmentation = "a", Adversarial = "none", Seed = 3 };
        var state = new CheckpointState
        {
            Epoch = 2, Epochs = 4, Seed = 3, Model = spec.Name, ModelFile = "model.bin", OptimizerFile = "optimizer.bin", NextLearningRate = 0.01, NextEpochTorchSeed = 9,
            Recipe = recipe, History = [new EpochMetrics(1, 0.1, 2.0, 0.5, double.NaN, double.NaN, 100, 1)],
        };
        string now = JsonSerializer.Serialize(state, TrainingJsonContext.Default.CheckpointState);
        Assert.Contains("\"nextLearningRate\"", now, StringComparison.Ordinal);
        var old = Pascal(JsonNode.Parse(now)!);
        old["Recipe"]!["Model"] = Pascal(JsonNode.Parse(recipe.Model)!).ToJsonString();
        string oldJson = old.ToJsonString();
        Assert.Contains("\"NextLearningRate\"", oldJson, StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize(oldJson, TrainingJsonContext.Default.CheckpointState)!;
        Assert.Equal(now, JsonSerializer.Serialize(read with { Recipe = recipe }, TrainingJsonContext.Default.CheckpointState));
        Assert.NotEqual(recipe.Model, read.Recipe!.Model); // the old spelling, as stored
        Assert.Null(recipe.Mismatch(read.Recipe)); // ... yet the same recipe: the resume is accepted
        Assert.NotNull((recipe with { Model = TrainingRecipe.Describe(spec with { Width = 8 }) }).Mismatch(read.Recipe));
    }

    [Fact]
    public void V1_parameters_written_with_PascalCase_names_read_back()
    {
        using var block = new VOneBlock(ScaledFrontEnd.ForImageSize(12, 1) with { SimpleChannels = 4, ComplexChannels = 4 });
        string now = block.Parameters.ToJson();
        var read = V1Parameters.FromJson(Pascal(JsonNode.Parse(now)!).ToJsonString());
        Assert.Equal(now, read.ToJson());
    }

    private static JsonNode Pascal(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o.ToList())
                {
                    copy[char.ToUpperInvariant(key[0]) + key[1..]] = value is null ? null : Pascal(value.DeepClone());
                }

                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(v => v is null ? null : Pascal(v.DeepClone())).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private static IEnumerable<Type> ContextTypes() =>
        new[] { typeof(JsonPolicy).Assembly, typeof(BioVision.Rsa.Rdms).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
