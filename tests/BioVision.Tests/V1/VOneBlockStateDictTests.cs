using BioVision.Serialization;
using System.Globalization;
using BioVision.Interop;
using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>
/// The canonical V1-block state dict: the reference's names for every implementation, checkpoints that cross
/// implementations, and the BioVision checkpoints written before the change (fixtures/biovision, commit 88af225).
/// </summary>
public class VOneBlockStateDictTests
{
    private static VOneBlockOptions Small(GfbImplementation impl, uint seed = 3) => new()
    {
        SimpleChannels = 4, ComplexChannels = 4, KernelSize = 7, Stride = 2, ImageSize = 16, VisualDegrees = 16 / 28.0,
        NoiseMode = NoiseMode.None, Implementation = impl, Sampler = new V1SamplerOptions { Seed = seed },
    };

    private static Tensor Input() => torch.linspace(-1, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16).sin().mul(2);

    [Fact]
    public void StateDictIsTheReferencesForEveryImplementation()
    {
        using var scope = torch.NewDisposeScope();
        Tensor? q0 = null;
        foreach (var impl in Enum.GetValues<GfbImplementation>())
        {
            using var block = new VOneBlock(Small(impl));
            var sd = block.state_dict();
            Assert.Equal(["simple_conv_q0.weight", "simple_conv_q1.weight"], sd.Keys.Order(StringComparer.Ordinal).ToArray());
            Assert.Equal([8L, 3, 7, 7], sd["simple_conv_q0.weight"].shape);
            Assert.Equal([8L, 3, 7, 7], sd["simple_conv_q1.weight"].shape);
            // One colour channel per filter, as the reference's GFB.initialize writes them.
            Assert.True(sd["simple_conv_q0.weight"].ne(0).any(-1).any(-1).sum(1).le(1).all().item<bool>());
            q0 ??= sd["simple_conv_q0.weight"].clone();
            Assert.True(Same(q0, sd["simple_conv_q0.weight"]));
            Assert.Equal(impl, block.EffectiveImplementation);
        }
    }

    [Theory]
    [InlineData(GfbImplementation.PerChannel, GfbImplementation.Dense)]
    [InlineData(GfbImplementation.Dense, GfbImplementation.Grouped)]
    [InlineData(GfbImplementation.Grouped, GfbImplementation.Unfold)]
    [InlineData(GfbImplementation.Unfold, GfbImplementation.PerChannel)]
    public void ACheckpointOfOneImplementationLoadsIntoAnother(GfbImplementation saved, GfbImplementation loaded)
    {
        using var scope = torch.NewDisposeScope();
        string path = Path.Combine(Path.GetTempPath(), $"biovision-v1-{Guid.NewGuid():N}.bin");
        try
        {
            using var source = new VOneBlock(Small(saved));
            source.save(path);
            using var target = new VOneBlock(Small(loaded, seed: 99));
            var x = Input();
            Assert.False(Close(source.forward(x), target.forward(x), 1e-3), "different seeds must give different filters");
            target.load(path);
            Assert.True(Close(source.forward(x), target.forward(x), 1e-5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("legacy-perchannel", GfbImplementation.PerChannel)]
    [InlineData("legacy-perchannel", GfbImplementation.Dense)]
    [InlineData("legacy-dense", GfbImplementation.Grouped)]
    [InlineData("legacy-dense", GfbImplementation.Dense)]
    public void CheckpointsWrittenBeforeTheCanonicalLayoutStillLoad(string name, GfbImplementation impl)
    {
        // Written by commit 88af225 (VOneNet.Wrap(SmallCnn(8, 3, 4), Small(...), 8), torch seed 7); loaded here into a
        // block with other Gabor parameters (sampler seed 99), so the outputs can only match if the file's filters load.
        using var scope = torch.NewDisposeScope();
        var expected = File.ReadAllLines(Fixture("biovision", name + ".logits.txt")).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        using var net = VOneNet.Wrap(new SmallCnn(8, 3, 4), Small(impl, seed: 99), 8);
        net.eval();
        net.load(Fixture("biovision", name + ".model.bin"));
        var y = net.forward(Input()).data<float>().ToArray();
        Assert.Equal(expected.Length, y.Length);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5, $"logit {i}: {y[i]} vs {expected[i]}");
        }

        // Re-saved, the same model writes the canonical layout.
        var keys = net.state_dict().Keys.Where(k => k.StartsWith("vone_block.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["vone_block.simple_conv_q0.weight", "vone_block.simple_conv_q1.weight"], keys);
    }

    [Fact]
    public void FiltersThatReadSeveralColoursRunDenselyWithTheSameResult()
    {
        using var scope = torch.NewDisposeScope();
        using var packed = new VOneBlock(Small(GfbImplementation.PerChannel));
        using var dense = new VOneBlock(Small(GfbImplementation.Dense));
        var sd = packed.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        sd["simple_conv_q0.weight"].select(0, 0).fill_(0.01f); // filter 0 now reads all three colours
        packed.load_state_dict(sd);
        dense.load_state_dict(sd);
        Assert.Equal(GfbImplementation.Dense, packed.EffectiveImplementation);
        var x = Input();
        Assert.True(Close(dense.forward(x), packed.forward(x), 1e-6));
    }

    [Fact]
    public void AStrictLoadNamesMismatchedKeysAndChangesNothing()
    {
        using var scope = torch.NewDisposeScope();
        using var block = new VOneBlock(Small(GfbImplementation.PerChannel));
        var before = block.state_dict()["simple_conv_q0.weight"].clone();
        var source = new Dictionary<string, Tensor>
        {
            ["simple_conv_q0.weight"] = torch.ones(8, 3, 5, 5),
            ["extra.weight"] = torch.ones(1),
        };
        var e = Assert.Throws<StateDictMismatchException>(() => block.load_state_dict(source));
        Assert.Contains("simple_conv_q0.weight: expected [8, 3, 7, 7], found [8, 3, 5, 5]", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing:    simple_conv_q1.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected: extra.weight", e.Message, StringComparison.Ordinal);
        Assert.True(Same(before, block.state_dict()["simple_conv_q0.weight"]));
    }

    internal static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static bool Close(Tensor a, Tensor b, double tolerance) =>
        (a - b).abs().max().item<float>() <= tolerance * Math.Max(1, a.abs().max().item<float>());
}
