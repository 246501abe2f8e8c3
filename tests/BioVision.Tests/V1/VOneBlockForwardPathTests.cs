using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>
/// The block's forward has two paths: with an input gradient (autograd records every step) and without (one output
/// buffer, in-place steps, a reused noise buffer). Law: both give the same values, for every formulation, colour and
/// grayscale, every noise mode; and every formulation equals the dense (reference) convolution.
/// </summary>
public class VOneBlockForwardPathTests
{
    private static VOneBlock Block(int inputChannels, GfbImplementation implementation, NoiseMode noise) =>
        new(ScaledFrontEnd.ForImageSize(28, inputChannels) with
        {
            SimpleChannels = 8,
            ComplexChannels = 8,
            Implementation = implementation,
            NoiseMode = noise,
            NoiseControl = NoiseControl.FixedSeed,
            NoiseSeed = 4,
        });

    public static TheoryData<int, GfbImplementation, NoiseMode> Cases()
    {
        var data = new TheoryData<int, GfbImplementation, NoiseMode>();
        foreach (int channels in new[] { 1, 3 })
        {
            foreach (var implementation in Enum.GetValues<GfbImplementation>())
            {
                foreach (var noise in Enum.GetValues<NoiseMode>())
                {
                    data.Add(channels, implementation, noise);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_without_autograd_equals_forward_with_an_input_gradient(int inputChannels, GfbImplementation implementation, NoiseMode noise)
    {
        using var scope = NewDisposeScope();
        using var block = Block(inputChannels, implementation, noise);
        using var dense = Block(inputChannels, GfbImplementation.Dense, noise);
        var x = rand(new long[] { 5, inputChannels, 28, 28 }, generator: new Generator(2));
        Tensor without;
        using (no_grad())
        {
            without = block.forward(x);
            // The reused noise buffer: another batch size in between changes nothing.
            block.forward(x.narrow(0, 0, 2)).Dispose();
            Assert.Equal(0, (block.forward(x) - without).abs().max().item<float>());
        }

        var with = block.forward(x.clone().requires_grad_(true));
        Assert.True(with.requires_grad);
        double scale = with.abs().max().item<float>();
        double difference = (with.detach() - without).abs().max().item<float>();
        // The same values up to float32 rounding (the energy as q0·q0 + q1·q1 by addcmul without autograd, q0² + q1² with
        // it; the noise law in the same operations and order on both paths).
        double tolerance = 1e-6 * scale;
        Assert.True(difference <= tolerance, $"{implementation}, {inputChannels} channels, {noise}: paths differ by {difference} (largest output {scale})");

        using (no_grad())
        {
            var reference = dense.forward(x);
            double formulation = (without - reference).abs().max().item<float>();
            Assert.True(formulation <= 1e-5 * scale, $"{implementation} vs the dense convolution: {formulation} (largest output {scale})");
        }
    }
    [Theory]
    [InlineData(NoiseMode.Neuronal)]
    [InlineData(NoiseMode.Gaussian)]
    [InlineData(NoiseMode.None)]
    public void The_input_gradient_through_cells_gain_and_noise_matches_finite_differences(NoiseMode noise)
    {
        // The autograd path computes in place where the backward allows it; the gradient it gives must still be the
        // derivative of the forward (central differences in float64; the same fixed-seed noise draw in every call).
        using var scope = NewDisposeScope();
        using var block = Block(1, GfbImplementation.PerChannel, noise);
        block.to(ScalarType.Float64);
        var generator = new Generator(9);
        var x = rand(new long[] { 2, 1, 28, 28 }, ScalarType.Float64, generator: generator);
        var weights = rand(new long[] { 2, 16, 28, 28 }, ScalarType.Float64, generator: generator);
        var direction = rand(new long[] { 2, 1, 28, 28 }, ScalarType.Float64, generator: generator) - 0.5;
        double Loss(Tensor input) => (block.forward(input) * weights).sum().item<double>();
        var leaf = x.clone().requires_grad_(true);
        var gradient = torch.autograd.grad([(block.forward(leaf) * weights).sum()], [leaf])[0];
        double analytic = (gradient * direction).sum().item<double>();
        const double H = 1e-6;
        double numeric;
        using (no_grad())
        {
            numeric = (Loss(x + (H * direction)) - Loss(x - (H * direction))) / (2 * H);
        }

        Assert.True(Math.Abs(analytic - numeric) <= 1e-5 * Math.Abs(numeric), $"{noise}: directional derivative {analytic} by autograd, {numeric} by differences");
    }
}
