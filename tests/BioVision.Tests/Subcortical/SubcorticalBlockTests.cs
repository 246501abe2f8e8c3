using System.Text.Json;
using BioVision.Models;
using BioVision.Serialization;
using BioVision.Stochastic;
using BioVision.Subcortical;
using BioVision.V1;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BioVision.Tests.Subcortical;

/// <summary>
/// The SubcorticalBlock against the reference (lucaspiper99/evnet e9ce227, torch 1.13, float32), fixtures written by
/// tests/BioVision.Tests/fixtures/evnet/make_evnet_fixtures.py: for each configuration the reference block's state dict
/// (as an EVNet checkpoint's <c>subcorticalblock.*</c>), a seeded input batch and the reference output with noise off.
/// Our filters are computed in float64 and rounded once, the reference's in float32, and libtorch versions differ, so
/// outputs agree to float32 rounding: |ours − reference| ≤ 1e-5·|reference| + 2e-6·max|reference|; the filters
/// themselves to 1e-6 of their largest value (ours are rounded once from float64, the reference's computed in float32).
/// In float64 on the reference's filters both agree to 1e-12 of the largest output.
/// </summary>
public class SubcorticalBlockTests(ITestOutputHelper output)
{
    private const double Rel = 1e-5;
    private const double AbsOfMax = 2e-6;

    public static TheoryData<string> Configs => ["standard_64", "gray_28", "scaled_64", "scaled_gray_28", "no_light_adapt_relu_32", "threshold_no_cn_32"];

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static string FixturePath(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "evnet", name);
        Assert.True(File.Exists(path), $"EVNet fixture {path} is missing: run tests/BioVision.Tests/fixtures/evnet/make_evnet_fixtures.py --evnet <checkout> (see its README).");
        return path;
    }

    private static JsonElement Config(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath("evnet_fixtures.json")));
        return doc.RootElement.GetProperty("configs").GetProperty(name).Clone();
    }

    /// <summary>The options of a fixture's configuration, through <see cref="SubcorticalBlockOptions.ForImageSize"/> where it keeps 32 px/degree.</summary>
    private static SubcorticalBlockOptions Options(JsonElement c)
    {
        int size = c.GetProperty("image_size").GetInt32();
        double degrees = c.GetProperty("visual_degrees").GetDouble();
        int channels = c.GetProperty("in_channels").GetInt32();
        var stages = new SubcorticalBlockOptions
        {
            NoiseMode = NoiseMode.None,
            LightAdaptation = c.GetProperty("with_light_adapt").GetBoolean(),
            Dog = c.GetProperty("with_dog").GetBoolean(),
            ContrastNormalization = c.GetProperty("with_contrast_norm").GetBoolean(),
            Relu = c.GetProperty("with_relu").GetBoolean(),
            LightAdaptThreshold = c.GetProperty("light_adapt_threshold").GetBoolean(),
        };
        return size / degrees == SubcorticalBlockOptions.ReferencePixelsPerDegree
            ? SubcorticalBlockOptions.ForImageSize(size, channels, stages)
            : stages with { ImageSize = size, VisualDegrees = degrees, InputChannels = channels };
    }

    private static Dictionary<string, Tensor> ReferenceState(PyTorchCheckpoint checkpoint)
    {
        Assert.All(checkpoint.StateDict.Keys, k => Assert.StartsWith("subcorticalblock.", k, StringComparison.Ordinal));
        return StateDictLoader.StripPrefix(checkpoint.StateDict, "subcorticalblock.");
    }

    private (double Abs, double Rel) AssertOutputMatches(string what, Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.to(ScalarType.Float64);
        var a = actual.to(ScalarType.Float64);
        double max = e.abs().max().item<double>();
        var diff = (a - e).abs();
        double maxAbs = diff.max().item<double>();
        // Relative error where the reference is not within rounding of zero.
        var big = e.abs().gt(1e-3 * max);
        double maxRel = diff.masked_select(big).div(e.abs().masked_select(big)).max().item<double>();
        var excess = diff - ((Rel * e.abs()) + (AbsOfMax * max));
        double worst = excess.max().item<double>();
        output.WriteLine($"{what}: max |ref| {max:G4}, max |diff| {maxAbs:E2}, max rel diff {maxRel:E2} (where |ref| > 1e-3·max)");
        Assert.True(worst <= 0, $"{what}: max |diff| {maxAbs:E3} (rel {maxRel:E3}) exceeds {Rel}·|ref| + {AbsOfMax}·{max:G4}");
        return (maxAbs, maxRel);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Built_from_its_options_the_block_reproduces_the_reference_filters_and_output(string name)
    {
        using var scope = NewDisposeScope();
        var c = Config(name);
        using var block = new SubcorticalBlock(Options(c));
        using var reference = PyTorchCheckpoint.Read(FixturePath(name + ".pth"));
        using var expected = PyTorchCheckpoint.Read(FixturePath(name + ".expected.pth"));
        var referenceState = ReferenceState(reference);
        double worstFilter = 0;
        foreach (var (key, ours) in block.state_dict())
        {
            var theirs = referenceState[key];
            Assert.Equal(theirs.shape, ours.shape);
            double scale = theirs.abs().max().item<float>();
            double diff = (ours - theirs).abs().max().item<float>();
            Assert.True(diff <= 1e-6 * scale, $"{name} {key}: max |diff| {diff:E3} exceeds 1e-6 of its largest value {scale:G4}");
            worstFilter = Math.Max(worstFilter, diff / scale);
        }

        output.WriteLine($"{name}: state tensors agree to {worstFilter:E2} of their largest values");
        var y = block.forward(expected.StateDict["input"]);
        AssertOutputMatches(name + " (built)", expected.StateDict["output"], y);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_reference_state_dict_loads_by_name_and_gives_the_reference_output(string name)
    {
        using var scope = NewDisposeScope();
        using var block = new SubcorticalBlock(Options(Config(name)));
        using (no_grad())
        {
            foreach (var (_, t) in block.state_dict())
            {
                t.zero_();
            }
        }

        using var reference = PyTorchCheckpoint.Read(FixturePath(name + ".pth"));
        using var expected = PyTorchCheckpoint.Read(FixturePath(name + ".expected.pth"));
        var report = StateDictLoader.Load(block, ReferenceState(reference));
        Assert.True(report.IsComplete);
        Assert.Equal(reference.StateDict.Count, report.Loaded);
        AssertOutputMatches(name + " (loaded)", expected.StateDict["output"], block.forward(expected.StateDict["input"]));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void In_float64_the_block_computes_the_references_formulas(string name)
    {
        // The reference run in float64 on its float32 filters (see the generator), ours on the same filters loaded: what
        // is left is summation order only, so the float32 differences above are rounding, not a formula difference.
        using var scope = NewDisposeScope();
        using var block = new SubcorticalBlock(Options(Config(name)));
        using var state = PyTorchCheckpoint.Read(FixturePath(name + ".pth"));
        StateDictLoader.Load(block, ReferenceState(state));
        using var expected = PyTorchCheckpoint.Read(FixturePath(name + ".expected.pth"));
        var reference = expected.StateDict["output64"];
        Assert.Equal(ScalarType.Float64, reference.dtype);
        var y = block.forward(expected.StateDict["input"].to(ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, y.dtype);
        double max = reference.abs().max().item<double>();
        double diff = (y - reference).abs().max().item<double>();
        output.WriteLine($"{name} float64: max |diff| {diff:E2} of max |ref| {max:G4}");
        Assert.True(diff <= 1e-12 * max, $"{name} float64: max |diff| {diff:E3} exceeds 1e-12 of {max:G4}");
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void State_dict_keys_shapes_radii_and_kernel_sizes_are_the_references(string name)
    {
        using var scope = NewDisposeScope();
        var c = Config(name);
        var options = Options(c);
        using var block = new SubcorticalBlock(options);
        using var reference = PyTorchCheckpoint.Read(FixturePath(name + ".pth"));
        var ours = block.state_dict().Select(p => (p.Key, string.Join(",", p.Value.shape))).ToList();
        // The checkpoint reader's dictionary does not keep the file's order; the generator recorded it.
        var theirs = ReferenceState(reference).Select(p => (p.Key, string.Join(",", p.Value.shape))).Order().ToList();
        Assert.Equal(theirs, ours.Order().ToList());
        var recorded = c.GetProperty("state_dict").EnumerateObject().Select(p => (p.Name["subcorticalblock.".Length..], string.Join(",", p.Value.EnumerateArray().Select(v => v.GetInt64())))).ToList();
        Assert.Equal(recorded, ours);

        RetinalPathway[] pathways = [RetinalPathway.Parvocellular, RetinalPathway.Magnocellular];
        Assert.Equal(pathways, options.Pathways);
        Assert.Equal(c.GetProperty("kernel_dog").Ints(), pathways.Select(options.DogKernelSize).ToArray());
        Assert.Equal(c.GetProperty("kernel_cn").Ints(), pathways.Select(options.NormalisationKernelSize).ToArray());
        // Radii in pixels, float32 as the reference's arrays (they decide the kernel sizes).
        Assert.Equal(c.GetProperty("rc_dog").Doubles(), pathways.Select(options.CentreRadius).ToArray());
        Assert.Equal(c.GetProperty("rs_dog").Doubles(), pathways.Select(options.SurroundRadius).ToArray());
        Assert.Equal(c.GetProperty("radius_cn").Doubles(), pathways.Select(options.NormalisationRadius).ToArray());
    }

    [Fact]
    public void Defaults_are_the_standard_variant_at_224_pixels()
    {
        var o = new SubcorticalBlockOptions().Validate();
        Assert.Equal((3, 1, 3, 224, 7.0, 0.4), (o.PChannels, o.MChannels, o.InputChannels, o.ImageSize, o.VisualDegrees, o.FanoFactor));
        Assert.Equal([ColourOpponency.RedGreen, ColourOpponency.GreenRed, ColourOpponency.BlueYellow], o.POpponency);
        Assert.Equal([ColourOpponency.WhiteBlack], o.MOpponency);
        Assert.Equal((true, true, true, false, false), (o.LightAdaptation, o.Dog, o.ContrastNormalization, o.Relu, o.LightAdaptThreshold));
        Assert.Equal((NoiseMode.Neuronal, NoiseControl.AlwaysOn), (o.NoiseMode, o.NoiseControl));
        Assert.Equal(1.0, o.ResolutionFactor, 15);
        Assert.Equal(447, o.MaxKernelSize);
        // The kernel_dog and kernel_cn columns of the tuned CSV rows (computed there at 224 px / 7 degrees).
        Assert.Equal((19, 33), (o.DogKernelSize(RetinalPathway.Parvocellular), o.NormalisationKernelSize(RetinalPathway.Parvocellular)));
        Assert.Equal((43, 69), (o.DogKernelSize(RetinalPathway.Magnocellular), o.NormalisationKernelSize(RetinalPathway.Magnocellular)));
        var scaled = SubcorticalBlockOptions.ForImageSize(28, 1);
        Assert.Equal((28, 0.875, 1, 55), (scaled.ImageSize, scaled.VisualDegrees, scaled.InputChannels, scaled.MaxKernelSize));
        Assert.Equal(o.SurroundRadius(RetinalPathway.Magnocellular), scaled.SurroundRadius(RetinalPathway.Magnocellular));
        Assert.Equal(55, scaled.NormalisationKernelSize(RetinalPathway.Magnocellular)); // 69, capped at 2·28 − 1
    }

    [Fact]
    public void The_input_gradient_is_finite_and_nonzero_and_nothing_is_trainable()
    {
        using var scope = NewDisposeScope();
        foreach (var options in new[]
                 {
                     SubcorticalBlockOptions.ForImageSize(32, 3),
                     SubcorticalBlockOptions.ForImageSize(32, 3) with { Relu = true }, // the reference's backward fails here
                     SubcorticalBlockOptions.ForImageSize(32, 1) with { LightAdaptThreshold = true },
                 })
        {
            using var block = new SubcorticalBlock(options);
            Assert.Empty(block.parameters());
            Assert.All(block.buffers(), b => Assert.False(b.requires_grad));
            var x = rand(new long[] { 2, options.InputChannels, 32, 32 }, generator: new Generator(5)).requires_grad_();
            block.forward(x).square().sum().backward();
            var grad = x.grad!;
            Assert.True(grad.isfinite().all().item<bool>(), "input gradient not finite");
            Assert.True(grad.abs().max().item<float>() > 0, "input gradient is zero");
            Assert.All(block.buffers(), b => Assert.Null(b.grad));
        }

        // A uniform image: light adaptation gives 0 everywhere and the normalisation's root sits at 0 (NaN in the reference).
        using var quiet = new SubcorticalBlock(SubcorticalBlockOptions.ForImageSize(32, 3) with { NoiseMode = NoiseMode.None });
        var grey = full(new long[] { 1, 3, 32, 32 }, 0.5f).requires_grad_();
        quiet.forward(grey).sum().backward();
        Assert.True(grey.grad!.isfinite().all().item<bool>(), "gradient at a uniform image not finite");
    }

    [Fact]
    public void Model_initialisation_leaves_the_fixed_filters_alone()
    {
        using var scope = NewDisposeScope();
        using var block = new SubcorticalBlock(SubcorticalBlockOptions.ForImageSize(32, 3));
        var before = block.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Initialisation.ResetParameters(block, new Generator(3));
        foreach (var (key, t) in block.state_dict())
        {
            Assert.True(Same(t, before[key]), $"{key} changed");
        }
    }

    [Fact]
    public void Neuronal_noise_follows_the_reference_law()
    {
        using var scope = NewDisposeScope();
        const int Draws = 4;
        var options = SubcorticalBlockOptions.ForImageSize(64, 3) with { NoiseSeed = 11 };
        using var block = new SubcorticalBlock(options);
        Assert.True(block.DrawsNoise);
        var x = rand(new long[] { 2, 3, 64, 64 }, generator: new Generator(9));
        var clean = block.Response(x).to(ScalarType.Float64);
        var std = clean.abs().add(SubcorticalBlockOptions.Epsilon).mul(options.FanoFactor).sqrt();
        var z = torch.stack(Enumerable.Range(0, Draws).Select(_ => block.forward(x).to(ScalarType.Float64).sub(clean).div(std)).ToArray());
        double n = z.numel();
        double mean = z.mean().item<double>();
        double variance = z.var().item<double>();
        output.WriteLine($"standardised noise over {n} values: mean {mean:E3}, variance {variance:F4}");
        // Six standard errors: of the mean 1/√n, of the variance √(2/n) (Gaussian r).
        Assert.InRange(mean, -6 / Math.Sqrt(n), 6 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - (6 * Math.Sqrt(2 / n)), 1 + (6 * Math.Sqrt(2 / n)));

        // Fresh draws differ; a reseeded generator repeats its stream.
        Assert.False(Same(block.forward(x), block.forward(x)));
        block.Reseed(42);
        var first = block.forward(x);
        block.Reseed(42);
        Assert.True(Same(first, block.forward(x)));
    }

    [Fact]
    public void Fixed_seed_noise_is_reproducible_and_noise_controls_apply()
    {
        using var scope = NewDisposeScope();
        var options = SubcorticalBlockOptions.ForImageSize(32, 3) with { NoiseControl = NoiseControl.FixedSeed, NoiseSeed = 7 };
        using var block = new SubcorticalBlock(options);
        using var other = new SubcorticalBlock(options);
        using var otherSeed = new SubcorticalBlock(options with { NoiseSeed = 8 });
        Assert.False(block.DrawsNoise);
        Assert.True(block.NoiseActive);
        var x = rand(new long[] { 3, 3, 32, 32 }, generator: new Generator(1));
        var a = block.forward(x);
        Assert.True(Same(a, block.forward(x)));
        Assert.True(Same(a, other.forward(x)));
        Assert.False(Same(a, otherSeed.forward(x)));
        Assert.False(Same(a, block.Response(x)));

        using var follow = new SubcorticalBlock(options with { NoiseControl = NoiseControl.FollowTraining });
        follow.eval();
        Assert.False(follow.DrawsNoise);
        Assert.True(Same(follow.forward(x), follow.Response(x)));
        follow.train();
        Assert.True(follow.DrawsNoise);
        using (new NoiseOverride(follow, NoiseControl.Off))
        {
            Assert.False(StochasticModules.IsStochastic(follow));
            Assert.True(Same(follow.forward(x), follow.Response(x)));
        }

        Assert.True(StochasticModules.IsStochastic(follow));
    }

    [Fact]
    public void Bad_inputs_and_options_are_refused_with_the_problem_named()
    {
        using var scope = NewDisposeScope();
        using var block = new SubcorticalBlock(SubcorticalBlockOptions.ForImageSize(32, 3));
        var wrongChannels = Assert.Throws<ArgumentException>(() => block.forward(rand(2, 1, 32, 32)));
        Assert.Contains("expects 3 input channel(s)", wrongChannels.Message, StringComparison.Ordinal);
        Assert.Contains("got 1 channels", wrongChannels.Message, StringComparison.Ordinal);
        var threeD = Assert.Throws<ArgumentException>(() => block.forward(rand(3, 32, 32)));
        Assert.Contains("4-D input", threeD.Message, StringComparison.Ordinal);
        Assert.Contains("3-D tensor [3, 32, 32]", threeD.Message, StringComparison.Ordinal);
        var integer = Assert.Throws<ArgumentException>(() => block.forward(ones(new long[] { 1, 3, 32, 32 }, ScalarType.Int32)));
        Assert.Contains("floating-point", integer.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => block.forward(full(new long[] { 1, 3, 32, 32 }, float.NaN)));
        Assert.Contains("SubcorticalBlock input contains NaN", nan.Message, StringComparison.Ordinal);
        using var big = new SubcorticalBlock(new SubcorticalBlockOptions { NoiseMode = NoiseMode.None });
        var small = Assert.Throws<ArgumentException>(() => big.forward(rand(1, 3, 28, 28)));
        Assert.Contains("too small for its 69-pixel kernels", small.Message, StringComparison.Ordinal);

        Assert.Contains("one colour opponency per channel", Assert.Throws<ArgumentException>(() => new SubcorticalBlockOptions { PChannels = 6 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("3 (RGB) or 1 (grayscale)", Assert.Throws<ArgumentException>(() => new SubcorticalBlockOptions { InputChannels = 2 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("no Gaussian noise", Assert.Throws<ArgumentException>(() => new SubcorticalBlockOptions { NoiseMode = NoiseMode.Gaussian }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("not the P + M = 4", Assert.Throws<ArgumentException>(() => new SubcorticalBlockOptions { Dog = false, ContrastNormalization = false }.Validate()).Message, StringComparison.Ordinal);
    }
}
