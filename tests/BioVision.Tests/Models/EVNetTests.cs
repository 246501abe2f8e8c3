using System.Text.Json;
using BioVision.Interop;
using BioVision.Models;
using BioVision.Serialization;
using BioVision.Stochastic;
using BioVision.Subcortical;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Models;

/// <summary>
/// EVNet as a model: the reference's state-dict layout (fixtures/evnet, written by make_evnet_model_fixture.py from
/// lucaspiper99/evnet e9ce227), the front end's output against the reference's, the importer, and the factory's zoo.
/// </summary>
public class EVNetTests
{
    private static string Fixture(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "evnet", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"The EVNet fixture is missing: {path} (regenerate it with make_evnet_model_fixture.py).", path);
    }

    [Fact]
    public void EVResNet50_has_the_reference_state_dict_keys_and_shapes()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture("evresnet50_state_dict_shapes.json")));
        var expected = json.RootElement.GetProperty("keys").EnumerateArray()
            .ToDictionary(e => e[0].GetString()!, e => string.Join(",", e[1].EnumerateArray().Select(d => d.GetInt64())));
        using var model = EVNet.Create(BackboneKind.ResNet50, new EVNetOptions(), 1000);
        var actual = model.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
        Assert.Empty(expected.Keys.Except(actual.Keys));
        Assert.Empty(actual.Keys.Except(expected.Keys));
        Assert.All(expected, kv => Assert.True(actual[kv.Key] == kv.Value, $"{kv.Key}: reference [{kv.Value}], ours [{actual[kv.Key]}]"));
    }

    [Fact]
    public void Front_end_loaded_from_a_reference_checkpoint_gives_the_reference_activations()
    {
        using var scope = NewDisposeScope();
        using var checkpoint = PyTorchCheckpoint.Read(Fixture("evnet_front_end_32px.pth"));
        using var io = PyTorchCheckpoint.Read(Fixture("evnet_front_end_32px.io.pth"));
        var spec = new ModelSpec { VOne = true, FrontEnd = FrontEndKind.EVNet, ImageSize = 32, InputChannels = 1, Width = 16, Classes = 10 };
        using var model = (EVNet)ModelFactory.Create(spec, CPU);
        model.Block.NoiseControlOverride = NoiseControl.Off;
        model.Subcortical.NoiseControlOverride = NoiseControl.Off;
        var ours = model.state_dict();
        foreach (var (key, value) in checkpoint.StateDict)
        {
            Assert.True(ours.ContainsKey(key), $"reference key {key} has no counterpart");
            Assert.Equal(value.shape, ours[key].shape);
        }

        // Our own subcortical block (built from the options) already equals the reference's tensors.
        foreach (var (key, value) in checkpoint.StateDict.Where(kv => kv.Key.StartsWith("subcorticalblock.", StringComparison.Ordinal)))
        {
            Assert.True((ours[key] - value).abs().max().item<float>() <= 1e-6 * (1 + value.abs().max().item<float>()), $"{key} differs from the reference's");
        }

        var report = StateDictLoader.Load(model, checkpoint.StateDict, new StateDictLoadOptions { Strict = false });
        Assert.Empty(report.Unexpected);
        Assert.All(report.Missing, k => Assert.True(k.StartsWith("model.", StringComparison.Ordinal) || k.StartsWith("voneblock_bottleneck", StringComparison.Ordinal), $"missing {k}"));
        var activations = new Dictionary<string, Tensor>();
        model.eval();
        model.Forward(io.StateDict["input"], activations);
        foreach (string layer in new[] { "subcorticalblock", "voneblock" })
        {
            var expected = io.StateDict[layer];
            double error = (activations[layer] - expected).abs().max().item<float>();
            double scale = expected.abs().max().item<float>();
            // float32 convolutions with kernels up to 63 × 63 summed in other orders.
            Assert.True(error <= 1e-4 * scale, $"{layer}: max |ours − EVNet| = {error} (largest {scale})");
        }
    }

    [Fact]
    public void Importer_reads_an_EVNet_with_a_ResNet50_back_end_and_refuses_a_front_end_alone()
    {
        using var scope = NewDisposeScope();
        var options = EVNetOptions.ForImageSize(32, 3) with { };
        options = options with { VOneBlock = options.VOneBlock with { SimpleChannels = 8, ComplexChannels = 8, NoiseMode = NoiseMode.None }, Subcortical = options.Subcortical with { NoiseMode = NoiseMode.None } };
        using var net = new EVNet(new SubcorticalBlock(options.Subcortical), new VOneBlock(options.VOneBlock), ResNet.ResNet50(10, false, 4, width: 2), 2);
        net.eval();
        string file = Path.Combine(Path.GetTempPath(), $"evnet-{Guid.NewGuid():N}.pth");
        try
        {
            net.SaveAsPyTorch(file);
            using var imported = PyTorchImport.LoadEVNet(file, imageSize: 32);
            Assert.Equal(FrontEndKind.EVNet, imported.Summary.Spec.FrontEnd);
            Assert.Equal("EV-ResNet50", imported.Summary.Spec.Name);
            var model = (EVNet)imported.Model;
            model.Block.NoiseControlOverride = NoiseControl.Off;
            model.Subcortical.NoiseControlOverride = NoiseControl.Off;
            var x = torch.rand(new long[] { 2, 3, 32, 32 }, generator: new Generator(3));
            Assert.True((model.forward(x) - net.forward(x)).abs().max().item<float>() < 1e-5);
        }
        finally
        {
            File.Delete(file);
        }

        var error = Assert.Throws<DataFormatException>(() => PyTorchImport.LoadEVNet(Fixture("evnet_front_end_32px.pth"), imageSize: 32));
        Assert.Contains("no back end", error.Message);
    }

    [Fact]
    public void Every_front_end_builds_from_its_name_and_only_the_learned_V1_trains_its_front_end()
    {
        using var scope = NewDisposeScope();
        var basis = new ModelSpec { Width = 8 };
        foreach (var kind in Enum.GetValues<FrontEndKind>())
        {
            var spec = ModelSpec.FromName(FrontEnds.Prefix(kind) + "SmallCnn", basis);
            Assert.Equal(kind, spec.FrontEnd);
            Assert.True(spec.VOne);
            Assert.Equal(spec, ModelSpec.FromName(spec.Name, basis));
            using var model = ModelFactory.Create(spec, CPU, seed: 2);
            var frontEnd = (IFrontEndModel)model;
            var trainable = ((nn.Module)frontEnd.Block).parameters().Count();
            Assert.Equal(kind == FrontEndKind.LearnedV1 ? 2 : 0, trainable);
            if (model is EVNet ev)
            {
                Assert.Empty(ev.Subcortical.parameters());
            }

            // A seeded initialisation leaves the fixed front end as built (it re-draws only the trainable layers).
            using var unseeded = ModelFactory.Create(spec, CPU);
            Assert.Equal(0, (frontEnd.Block.Q0.Weight - ((IFrontEndModel)unseeded).Block.Q0.Weight).abs().max().item<float>());

            var x = torch.rand(new long[] { 2, 1, 28, 28 }, generator: new Generator(1)).requires_grad_(true);
            model.forward(x).sum().backward();
            Assert.True(x.grad!.isfinite().all().item<bool>() && x.grad.abs().sum().item<float>() > 0, $"{kind}: no finite input gradient");
        }
    }

    [Fact]
    public void A_block_that_departs_from_its_front_end_is_refused()
    {
        var spec = new ModelSpec { VOne = true, FrontEnd = FrontEndKind.NormalizedVOne, Width = 8 };
        var plain = ModelFactory.BlockFor(spec with { FrontEnd = FrontEndKind.VOne });
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(spec with { VOneBlock = plain }, CPU));
        Assert.Contains("no divisive normalisation", e.Message);
        var random = ModelFactory.BlockFor(spec with { FrontEnd = FrontEndKind.RandomV1 });
        e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(spec with { FrontEnd = FrontEndKind.VOne, VOneBlock = random }, CPU));
        Assert.Contains("random", e.Message);
        Assert.Throws<DataFormatException>(() => FrontEnds.Parse("VTwo"));
        Assert.Equal(FrontEndKind.NormalizedVOne, FrontEnds.Parse("vonedn"));
        Assert.Equal(FrontEndKind.EVNet, FrontEnds.Parse("EV"));
    }

    [Theory]
    [InlineData(224, 3)]
    [InlineData(64, 3)]
    [InlineData(28, 1)]
    public void Scaled_EVNet_keeps_the_reference_geometry(int size, int channels)
    {
        var o = EVNetOptions.ForImageSize(size, channels).Validate();
        // EVNet's 32 px per degree in both blocks (224 px over 7 degrees), so the subcortical radii stay the reference's in pixels.
        Assert.Equal(224.0 / 7, o.Subcortical.PixelsPerDegree, 9);
        Assert.Equal(224.0 / 7, o.VOneBlock.PixelsPerDegree, 9);
        Assert.Equal(1.0, o.Subcortical.ResolutionFactor, 9);
        Assert.Equal(size, o.VOneBlock.ImageSize);
        Assert.Equal(o.Subcortical.OutputChannels, o.VOneBlock.InputChannels);
        if (size == 224)
        {
            Assert.Equal(EVNetOptions.StandardVOneBlock, o.VOneBlock);
            Assert.Equal(new SubcorticalBlockOptions(), o.Subcortical);
        }
        else
        {
            Assert.Equal(size == 28 ? 15 : 31, o.VOneBlock.KernelSize);
            Assert.Equal(size == 64 ? 2 : 1, o.VOneBlock.Stride);
            Assert.Equal(EVNetOptions.StandardVOneBlock with { ImageSize = size, VisualDegrees = o.VOneBlock.VisualDegrees, KernelSize = o.VOneBlock.KernelSize, Stride = o.VOneBlock.Stride }, o.VOneBlock);
        }
    }

    [Fact]
    public void Noise_off_switches_every_stochastic_stage_of_an_EVNet_off()
    {
        var ev = new ModelSpec { VOne = true, FrontEnd = FrontEndKind.EVNet, Width = 8 };
        var quiet = ModelFactory.WithNoise(ev, NoiseMode.None, NoiseControl.AlwaysOn);
        Assert.Equal(NoiseMode.None, quiet.VOneBlock!.NoiseMode);
        Assert.Equal(NoiseMode.None, quiet.Subcortical!.NoiseMode);
        Assert.Equal(1, quiet.VOneBlock.NoiseScale); // EVNet's own scale is kept when none is given
        using var model = ModelFactory.Create(quiet, CPU);
        Assert.False(StochasticModules.IsStochastic(model));
        var noisy = ModelFactory.WithNoise(ev, NoiseMode.Neuronal, NoiseControl.FollowTraining, 0.5);
        Assert.Equal(NoiseMode.Neuronal, noisy.Subcortical!.NoiseMode);
        Assert.Equal(NoiseControl.FollowTraining, noisy.Subcortical.NoiseControl);
        Assert.Equal(0.5, noisy.VOneBlock!.NoiseScale);
        Assert.Null(ModelFactory.WithNoise(new ModelSpec { VOne = true }, NoiseMode.None, NoiseControl.Off).Subcortical);
    }

    [Fact]
    public void Specs_without_a_front_end_kind_serialise_as_before()
    {
        var spec = new ModelSpec { VOne = true, Width = 8 };
        string json = JsonSerializer.Serialize(spec, BioVision.Training.TrainingJsonContext.Default.ModelSpec);
        Assert.DoesNotContain("frontEnd", json);
        Assert.DoesNotContain("subcortical", json);
        var dn = spec with { FrontEnd = FrontEndKind.NormalizedVOne, VOneBlock = ModelFactory.BlockFor(spec with { FrontEnd = FrontEndKind.NormalizedVOne }) };
        string dnJson = JsonSerializer.Serialize(dn, BioVision.Training.TrainingJsonContext.Default.ModelSpec);
        var back = JsonSerializer.Deserialize(dnJson, BioVision.Training.TrainingJsonContext.Default.ModelSpec)!;
        Assert.Equal(FrontEndKind.NormalizedVOne, back.FrontEnd);
        Assert.Equal(dn.VOneBlock!.Normalization, back.VOneBlock!.Normalization);
        var block = ModelFactory.BlockFor(new ModelSpec { VOne = true });
        string blockJson = JsonSerializer.Serialize(new ModelSpec { VOne = true, VOneBlock = block }, BioVision.Training.TrainingJsonContext.Default.ModelSpec);
        foreach (string absent in new[] { "fanoFactor", "noiseOutput", "filters", "trainableFilters", "normalization" })
        {
            Assert.DoesNotContain(absent, blockJson);
        }
    }
}
