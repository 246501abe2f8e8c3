using BioVision.Benchmarks.Neural;
using BioVision.Data;
using BioVision.Models;
using BioVision.Stochastic;
using BioVision.Training;
using BioVision.Rsa.Comparisons;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>Activation extraction: batching, layer names, reduction, noise draws, input conversion.</summary>
public class ActivationExtractorTests
{
    private static double[,] StructuredPatterns(int n, int features, int seed)
    {
        // Rank-5 structure plus noise, so the RDM has structure worth preserving.
        var rng = new Random(seed);
        var a = new double[n, 5];
        var b = new double[5, features];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 5; k++)
            {
                a[i, k] = rng.NextDouble() - 0.5;
            }
        }

        for (int k = 0; k < 5; k++)
        {
            for (int j = 0; j < features; j++)
            {
                b[k, j] = rng.NextDouble() - 0.5;
            }
        }

        var p = new double[n, features];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < features; j++)
            {
                double s = 0;
                for (int k = 0; k < 5; k++)
                {
                    s += a[i, k] * b[k, j];
                }

                p[i, j] = s + (0.3 * (rng.NextDouble() - 0.5));
            }
        }

        return p;
    }

    [Fact]
    public void BatchSize_DoesNotChangeTheActivations()
    {
        var patterns = StructuredPatterns(23, 50, 1);
        using var model = new PatternModel(patterns);
        var stimuli = PatternModel.Stimuli(23);
        using var small = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { BatchSize = 4 });
        using var large = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { BatchSize = 100 });
        Assert.Equal(["pixels", "it", "output"], small.Layers);
        Assert.True(small["it"].allclose(large["it"], rtol: 0, atol: 0));
        Assert.Equal((float)patterns[17, 3], small["it"][17, 3].item<float>());
        Assert.Equal(1, small.Draws);
    }

    [Fact]
    public void LargeLayers_AreReducedBySeededProjection_PreservingTheRdm()
    {
        const int Features = 20000;
        var patterns = StructuredPatterns(30, Features, 2);
        using var model = new PatternModel(patterns);
        var stimuli = PatternModel.Stimuli(30);
        using var full = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { Layers = ["it"], MaxFeatures = null });
        using var reduced = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { Layers = ["it"], MaxFeatures = 2048, BatchSize = 7 });
        using var again = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { Layers = ["it"], MaxFeatures = 2048, BatchSize = 30 });
        using var other = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { Layers = ["it"], MaxFeatures = 2048, Seed = 5 });
        Assert.Equal(Features, full.Features("it"));
        Assert.Equal(2048, reduced.Features("it"));
        Assert.Equal(Features, reduced.OriginalFeatures["it"]);
        // Same seed: the same projection whatever the batching (float32 sums in another order: 1e-4).
        Assert.True(reduced["it"].allclose(again["it"], rtol: 1e-4, atol: 1e-4));
        Assert.False(reduced["it"].allclose(other["it"], rtol: 1e-2, atol: 1e-2));
        // Johnson–Lindenstrauss: correlation distances survive with error O(1/sqrt(2048)); their ranks agree closely.
        double r = RdmComparer.Compare(full.Rdm("it").Vector(0), reduced.Rdm("it").Vector(0), ComparisonMethod.Pearson);
        Assert.True(r > 0.99, $"Pearson r between exact and reduced RDMs {r}");
    }

    [Fact]
    public void UnknownLayer_IsAClearError()
    {
        using var model = new PatternModel(StructuredPatterns(4, 3, 3));
        var e = Assert.Throws<ArgumentException>(() => ActivationExtractor.Extract(model, PatternModel.Stimuli(4), new ExtractionOptions { Layers = ["V4"] }));
        Assert.Contains("'V4'", e.Message, StringComparison.Ordinal);
        Assert.Contains("pixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StochasticModel_AveragesNoiseDraws_AndDeterministicModelsUseOne()
    {
        random.manual_seed(1);
        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = 28, InputChannels = 1, Width = 8 };
        using var model = ModelFactory.Create(spec, CPU);
        Assert.True(StochasticModules.IsStochastic(model));
        var stimuli = new SubsetDataset(NeuralData.Images92(ModelInput.For(spec)), 3);
        var options = new ExtractionOptions { Layers = ["vone_block"], MaxFeatures = null };
        using var one1 = ActivationExtractor.Extract(model, stimuli, options with { NoiseDraws = 1 });
        using var one2 = ActivationExtractor.Extract(model, stimuli, options with { NoiseDraws = 1 });
        using var many1 = ActivationExtractor.Extract(model, stimuli, options with { NoiseDraws = 9 });
        using var many2 = ActivationExtractor.Extract(model, stimuli, options with { NoiseDraws = 9 });
        Assert.Equal(9, many1.Draws);
        // Law: the mean of 9 independent draws varies 3x less (in sd) than one draw; 1.8x leaves room for sampling.
        double spreadOne = (one1["vone_block"] - one2["vone_block"]).std().item<float>();
        double spreadMany = (many1["vone_block"] - many2["vone_block"]).std().item<float>();
        Assert.True(spreadMany < spreadOne / 1.8, $"9-draw spread {spreadMany} vs 1-draw {spreadOne}");

        using var quiet = ModelFactory.Create(spec with { VOneBlock = ModelFactory.BlockFor(spec) with { NoiseControl = NoiseControl.FixedSeed } }, CPU);
        Assert.False(StochasticModules.IsStochastic(quiet));
        using var fixedActs = ActivationExtractor.Extract(quiet, stimuli, options);
        Assert.Equal(1, fixedActs.Draws);
    }

    [Fact]
    public void SmallCnn_ReportsItsStages_AndTheTappedForwardMatchesForward()
    {
        random.manual_seed(2);
        using var net = new SmallCnn(1, 10, 8);
        net.eval();
        using var x = rand(3, 1, 28, 28);
        var (output, acts) = net.ForwardWithActivations(x);
        Assert.Equal(net.ActivationNames.Order(StringComparer.Ordinal), acts.Keys.Order(StringComparer.Ordinal));
        Assert.True(output.allclose(net.forward(x)));
        Assert.Equal([3L, 16, 7, 7], acts["features.13"].shape);
        Assert.Equal([3L, 64], acts["pool"].shape);
    }

    [Fact]
    public void Prepare_ConvertsChannelsAndSize()
    {
        using var gray = full(new long[] { 2, 1, 8, 8 }, 0.25f);
        using var rgb = ActivationExtractor.Prepare(gray, new ModelInput(3, 16, 16));
        Assert.Equal([2L, 3, 16, 16], rgb.shape);
        Assert.Equal(0.25f, rgb.mean().item<float>(), 1e-6f);
        using var back = ActivationExtractor.Prepare(rgb, new ModelInput(1, 4, 4));
        Assert.Equal([2L, 1, 4, 4], back.shape);
        Assert.Equal(0.25f, back.max().item<float>(), 1e-5f);
    }
}
