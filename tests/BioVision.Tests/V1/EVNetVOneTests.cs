using System.Text.Json;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>
/// EVNet's V1 stage against fixtures/evnet/evnet_vone_reference.json, written by make_evnet_vone_fixtures.py beside it
/// from lucaspiper99/evnet e9ce227 under python3-torch 1.13 / NumPy 1.24: the Gabor sampler draw for draw and the
/// noiseless VOneBlock output.
/// </summary>
public class EVNetVOneTests
{
    private static JsonElement Fixture()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "evnet", "evnet_vone_reference.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The EVNet fixture is missing: {path} (regenerate it with make_evnet_vone_fixtures.py).", path);
        }

        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    [Fact]
    public void Sampler_reproduces_the_reference_draw_for_draw()
    {
        foreach (var c in Fixture().GetProperty("samplers").EnumerateArray())
        {
            int simple = c.GetProperty("simple").GetInt32(), complex = c.GetProperty("complex").GetInt32(), channels = c.GetProperty("inputChannels").GetInt32();
            var options = new V1SamplerOptions { Distribution = V1Distribution.EVNet, Seed = c.GetProperty("seed").GetInt32(), SfMax = 8 };
            var p = V1Sampler.Sample(simple, complex, options, channels);
            string what = $"{simple}+{complex} over {channels} channels";
            // NumPy's interp, LAPACK's SVD and SciPy's erfc against ours: agreement to a few ulps.
            AssertClose(c.GetProperty("sf").Doubles(), p.SpatialFrequency, 1e-12, what + " sf");
            AssertClose(c.GetProperty("orientation").Doubles(), p.Orientation, 1e-12, what + " orientation");
            AssertClose(c.GetProperty("phase").Doubles(), p.Phase, 1e-12, what + " phase");
            AssertClose(c.GetProperty("nx").Doubles(), p.Nx, 1e-12, what + " nx");
            AssertClose(c.GetProperty("ny").Doubles(), p.Ny, 1e-12, what + " ny");
            int[] color = c.GetProperty("color").Ints();
            if (c.GetProperty("colorLength").GetInt32() == simple + complex)
            {
                Assert.Equal(color, p.ColorChannel);
            }
            else
            {
                // The reference's colour array has 512 entries at other sizes (its departure note); ours deals n.
                Assert.Equal(512, color.Length);
                var counts = Enumerable.Range(0, channels).Select(ch => p.ColorChannel.Count(v => v == ch)).ToArray();
                Assert.All(counts, n => Assert.Equal((simple + complex) / channels, n));
            }

            Assert.Equal(p.ColorChannel, p.QuadratureColorChannel);
        }
    }

    [Fact]
    public void Noiseless_block_output_equals_the_reference()
    {
        var b = Fixture().GetProperty("block");
        var sampler = Fixture().GetProperty("samplers")[1];
        int simple = b.GetProperty("simple").GetInt32(), complex = b.GetProperty("complex").GetInt32(), channels = b.GetProperty("inputChannels").GetInt32();
        int n = simple + complex;
        // The reference's own parameters (its colours included: at 32 filters its sampler deals them from a 512-long array).
        var parameters = new V1Parameters
        {
            SimpleChannels = simple,
            ComplexChannels = complex,
            InputChannels = channels,
            SpatialFrequency = sampler.GetProperty("sf").Doubles(),
            Orientation = sampler.GetProperty("orientation").Doubles(),
            Phase = sampler.GetProperty("phase").Doubles(),
            Nx = sampler.GetProperty("nx").Doubles(),
            Ny = sampler.GetProperty("ny").Doubles(),
            ColorChannel = sampler.GetProperty("color").Ints()[..n],
            QuadratureColorChannel = sampler.GetProperty("color").Ints()[..n],
        };
        var options = new VOneBlockOptions
        {
            SimpleChannels = simple,
            ComplexChannels = complex,
            InputChannels = channels,
            ImageSize = b.GetProperty("imageSize").GetInt32(),
            VisualDegrees = b.GetProperty("visualDegrees").GetDouble(),
            KernelSize = b.GetProperty("kernelSize").GetInt32(),
            Stride = b.GetProperty("stride").GetInt32(),
            KExc = b.GetProperty("kExc").GetDouble(),
            NoiseMode = NoiseMode.None,
        };
        using var scope = NewDisposeScope();
        using var block = new VOneBlock(options, parameters);
        Assert.Equal(b.GetProperty("q0Sum").GetDouble(), block.Q0.Weight.sum().item<float>(), 1e-3);
        var x = torch.tensor(b.GetProperty("input").Doubles().Select(v => (float)v).ToArray(), b.GetProperty("inputShape").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var expected = torch.tensor(b.GetProperty("output").Doubles().Select(v => (float)v).ToArray(), b.GetProperty("outputShape").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var y = block.forward(x);
        Assert.Equal(expected.shape, y.shape);
        double scale = expected.abs().max().item<float>();
        double error = (y - expected).abs().max().item<float>();
        // float32 convolutions of 15 × 15 kernels summed in different orders: a few 1e-6 of the largest response.
        Assert.True(error <= 2e-5 * scale, $"max |ours − EVNet| = {error} (largest response {scale})");
    }

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual, double rel, string what)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            ReferenceData.Close(expected[i], actual[i], rel, rel, $"{what}[{i}]");
        }
    }
}
