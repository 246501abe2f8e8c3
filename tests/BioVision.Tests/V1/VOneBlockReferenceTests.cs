using System.Text.Json;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>
/// The default VOneBlock with noise off against vonenet/voneblock_default_nonoise.json and gfb_default_checks.json
/// (dicarlolab/vonenet 3c3a0b2, torch 1.13, float32). Our kernels are float64-rounded and the grouped convolution sums in
/// another order, so outputs agree to float32 rounding: tolerance 1e-5 relative plus 2e-6 of the largest output.
/// </summary>
public class VOneBlockReferenceTests
{
    private const double Rel = 1e-5;

    private static VOneBlock Block(GfbImplementation impl = GfbImplementation.PerChannel) =>
        new(new VOneBlockOptions { NoiseMode = NoiseMode.None, Implementation = impl });

    [Theory]
    [InlineData("grating")]
    [InlineData("edge")]
    public void OutputsMatchReferenceSamplesAndStatistics(string name)
    {
        var reference = ReferenceData.Load("vonenet/voneblock_default_nonoise.json").GetProperty("inputs").GetProperty(name);
        using var scope = torch.NewDisposeScope();
        using var block = Block();
        var input = name == "grating" ? V1Inputs.Grating() : V1Inputs.Edge();
        var output = block.forward(input);
        Assert.Equal(reference.GetProperty("output_shape").Ints().Select(v => (long)v).ToArray(), output.shape);
        var (q0s, q0c, q1c) = block.Responses(input);
        var q0 = torch.cat(new[] { q0s, q0c }, 1);
        double max = reference.GetProperty("stats_all").GetProperty("max").GetDouble();
        double abs = 2e-6 * max;
        var o = output.data<float>().ToArray();
        var q0v = q0.data<float>().ToArray();
        var q1v = q1c.data<float>().ToArray();
        int hw = 56 * 56;
        foreach (var s in reference.GetProperty("samples").EnumerateArray())
        {
            int c = s.GetProperty("c").GetInt32(), y = s.GetProperty("y").GetInt32(), x = s.GetProperty("x").GetInt32();
            int at = (y * 56) + x;
            ReferenceData.Close(s.GetProperty("out").GetDouble(), o[(c * hw) + at], Rel, abs, $"{name} out[{c},{y},{x}]");
            ReferenceData.Close(s.GetProperty("q0").GetDouble(), q0v[(c * hw) + at], Rel, abs / 25, $"{name} q0[{c},{y},{x}]");
            if (c >= 256)
            {
                ReferenceData.Close(s.GetProperty("q1").GetDouble(), q1v[((c - 256) * hw) + at], Rel, abs / 25, $"{name} q1[{c},{y},{x}]");
            }
        }

        CompareStats(reference.GetProperty("stats_all"), output, name + " all", abs);
        CompareStats(reference.GetProperty("stats_simple"), output.narrow(1, 0, 256), name + " simple", abs);
        CompareStats(reference.GetProperty("stats_complex"), output.narrow(1, 256, 256), name + " complex", abs);
        var channelMean = output.mean(new long[] { 0, 2, 3 }, false, ScalarType.Float64).data<double>().ToArray();
        var channelMax = output.amax(new long[] { 0, 2, 3 }).data<float>().ToArray();
        var expectedMean = reference.GetProperty("per_channel_mean").Doubles();
        var expectedMax = reference.GetProperty("per_channel_max").Doubles();
        for (int c = 0; c < 512; c++)
        {
            ReferenceData.Close(expectedMean[c], channelMean[c], Rel, abs, $"{name} mean[{c}]");
            ReferenceData.Close(expectedMax[c], channelMax[c], Rel, abs, $"{name} max[{c}]");
        }
    }

    [Theory]
    [InlineData(GfbImplementation.Grouped)]
    [InlineData(GfbImplementation.PerChannel)]
    [InlineData(GfbImplementation.Unfold)]
    public void ColourGroupedConvolutionsEqualDenseReferenceFormulation(GfbImplementation implementation)
    {
        using var scope = torch.NewDisposeScope();
        using var grouped = Block(implementation);
        using var dense = Block(GfbImplementation.Dense);
        var input = torch.cat(new[] { V1Inputs.Grating(), V1Inputs.Edge() }, 0);
        var a = grouped.forward(input);
        var b = dense.forward(input);
        double scale = b.abs().max().item<float>();
        double diff = (a - b).abs().max().item<float>();
        Assert.True(diff <= 1e-5 * scale, $"grouped vs dense max |diff| {diff} exceeds 1e-5 of max output {scale}");
        // The reference's batch2_matches_single: the batch of two equals the single-image outputs.
        var single = grouped.forward(V1Inputs.Edge());
        Assert.True((a.narrow(0, 1, 1) - single).abs().max().item<float>() <= 1e-5 * scale);
    }

    [Fact]
    public void FilterWeightStatisticsMatchReference()
    {
        var json = ReferenceData.Load("vonenet/gfb_default_checks.json");
        var p = V1Sampler.Sample(256, 256);
        double total0 = 0, total1 = 0;
        var sum0 = json.GetProperty("q0_filter_sum").Doubles();
        var l20 = json.GetProperty("q0_filter_l2").Doubles();
        var ctr0 = json.GetProperty("q0_filter_center").Doubles();
        var sum1 = json.GetProperty("q1_filter_sum").Doubles();
        var ctr1 = json.GetProperty("q1_filter_center").Doubles();
        for (int i = 0; i < 512; i++)
        {
            double f = p.SpatialFrequency[i] / 28.0;
            double theta = p.Orientation[i] / 180 * Math.PI, phase = p.Phase[i] / 180 * Math.PI;
            float[] k0 = GaborKernel.Evaluate(f, p.Nx[i] / f, p.Ny[i] / f, theta, phase, 25);
            float[] k1 = GaborKernel.Evaluate(f, p.Nx[i] / f, p.Ny[i] / f, theta, phase + (Math.PI / 2), 25);
            ReferenceData.Close(sum0[i], k0.Sum(v => (double)v), 1e-5, 1e-7, $"q0 sum[{i}]");
            ReferenceData.Close(l20[i], Math.Sqrt(k0.Sum(v => (double)v * v)), 1e-5, 1e-8, $"q0 l2[{i}]");
            ReferenceData.Close(ctr0[i], k0[312], 1e-5, 1e-8, $"q0 centre[{i}]");
            ReferenceData.Close(sum1[i], k1.Sum(v => (double)v), 1e-5, 1e-7, $"q1 sum[{i}]");
            ReferenceData.Close(ctr1[i], k1[312], 1e-5, 1e-8, $"q1 centre[{i}]");
            total0 += k0.Sum(v => Math.Abs((double)v));
            total1 += k1.Sum(v => Math.Abs((double)v));
        }

        ReferenceData.Close(json.GetProperty("q0_total_abs_sum").GetDouble(), total0, 1e-6, 0, "q0 total |w|");
        ReferenceData.Close(json.GetProperty("q1_total_abs_sum").GetDouble(), total1, 1e-6, 0, "q1 total |w|");
    }

    [Fact]
    public void ZeroInputGradientIsNaNWithReferenceSqrtAndFiniteWithFix()
    {
        var json = ReferenceData.Load("vonenet/gfb_default_checks.json").GetProperty("grad_zero_input");
        using var scope = torch.NewDisposeScope();
        foreach (bool fix in new[] { false, true })
        {
            using var block = new VOneBlock(new VOneBlockOptions { NoiseMode = NoiseMode.None, FiniteComplexGradient = fix });
            var x = torch.zeros(1, 3, 224, 224, requires_grad: true);
            block.forward(x).sum().backward();
            long nan = x.grad!.isnan().sum().item<long>();
            if (fix)
            {
                Assert.Equal(0, nan);
            }
            else
            {
                // Reference behaviour: every input gradient is NaN.
                Assert.Equal(json.GetProperty("nan_count").GetInt64(), nan);
            }
        }
    }

    [Fact]
    public void GratingInputGradientMatchesReference()
    {
        // No in-place ops: input gradients flow (the reference raises with its in-place ReLUs). Gradient of output.sum().
        var json = ReferenceData.Load("vonenet/gfb_default_checks.json").GetProperty("grad_grating_input");
        using var scope = torch.NewDisposeScope();
        using var block = Block();
        var x = V1Inputs.Grating().requires_grad_(true);
        block.forward(x).sum().backward();
        Assert.Equal(json.GetProperty("nan_count").GetInt64(), x.grad!.isnan().sum().item<long>());
        ReferenceData.Close(json.GetProperty("abs_mean").GetDouble(), x.grad!.abs().mean().item<float>(), 1e-4, 0, "grad abs mean");
    }

    [Fact]
    public void RejectsWrongInputShape()
    {
        using var block = new VOneBlock(new VOneBlockOptions { SimpleChannels = 2, ComplexChannels = 2, NoiseMode = NoiseMode.None });
        Assert.Throws<ArgumentException>(() => block.forward(torch.zeros(1, 1, 32, 32)));
        Assert.Throws<ArgumentException>(() => block.forward(torch.zeros(3, 32, 32)));
        Assert.Throws<ArgumentException>(() => block.forward(torch.full(1, 3, 32, 32, float.NaN)));
        Assert.Throws<ArgumentException>(() => block.forward(torch.zeros(new long[] { 1, 3, 32, 32 }, ScalarType.Int32)));
    }

    private static void CompareStats(JsonElement expected, Tensor actual, string what, double abs)
    {
        var a = actual.to(ScalarType.Float64);
        ReferenceData.Close(expected.GetProperty("mean").GetDouble(), a.mean().item<double>(), Rel, abs, what + " mean");
        ReferenceData.Close(expected.GetProperty("std").GetDouble(), a.std().item<double>(), 1e-4, abs, what + " std");
        ReferenceData.Close(expected.GetProperty("max").GetDouble(), a.max().item<double>(), Rel, abs, what + " max");
        ReferenceData.Close(expected.GetProperty("frac_zero").GetDouble(), a.eq(0).to(ScalarType.Float64).mean().item<double>(), 0, 2e-4, what + " frac_zero");
    }
}
