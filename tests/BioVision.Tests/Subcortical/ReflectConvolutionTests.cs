using BioVision.Subcortical;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Subcortical;

/// <summary>
/// The separable evaluation of the subcortical filters: every Gaussian and difference-of-Gaussians bank of EVNet's
/// block factors (rank 1 and 2), and the row-then-column passes are at least as close to the float64 convolution as the
/// float32 2-D convolution is; a kernel that does not factor runs as the 2-D convolution.
/// </summary>
public class ReflectConvolutionTests
{
    [Theory]
    [InlineData(28, 1)]
    [InlineData(64, 3)]
    public void Subcortical_banks_factor_and_equal_the_2D_convolution(int size, int channels)
    {
        using var scope = NewDisposeScope();
        using var block = new SubcorticalBlock(SubcorticalBlockOptions.ForImageSize(size, channels) with { NoiseMode = NoiseMode.None });
        var banks = block.modules().OfType<ReflectConvolution>().ToList();
        Assert.NotEmpty(banks);
        foreach (var bank in banks)
        {
            Assert.True(bank.KernelSize < 7 || bank.Separable, $"a {bank.KernelSize}x{bank.KernelSize} bank [{string.Join(", ", bank.Weight.shape)}] did not factor");
            var input = torch.rand(new long[] { 2, bank.InputChannels, size, size }, generator: new Generator(2));
            long pad = bank.KernelSize / 2;
            var padded = nn.functional.pad(input, [pad, pad, pad, pad], PaddingModes.Reflect);
            // Against the float64 convolution of the same float32 weights, the passes are at least as exact as the float32
            // 2-D convolution (measured: 1.7e-7 to 2.8e-7 against its 9e-7 to 2.2e-6 at 28 px), with a floor of one ulp
            // of the output's scale for banks where both are exact.
            var exact = nn.functional.conv2d(padded.to(ScalarType.Float64), bank.Weight.to(ScalarType.Float64), groups: bank.Groups);
            double twoD = (nn.functional.conv2d(padded, bank.Weight, groups: bank.Groups).to(ScalarType.Float64) - exact).abs().max().item<double>();
            double separable = (bank.forward(input).to(ScalarType.Float64) - exact).abs().max().item<double>();
            double ulp = 1.2e-7 * exact.abs().max().item<double>();
            Assert.True(separable <= Math.Max(twoD, ulp), $"{bank.KernelSize}x{bank.KernelSize}: separable error {separable:E2} above the 2-D convolution's {twoD:E2}");
            // The input gradient too (attacks differentiate through the block).
            var leaf = input.clone().requires_grad_(true);
            bank.forward(leaf).square().sum().backward();
            var reference = input.clone().requires_grad_(true);
            nn.functional.conv2d(nn.functional.pad(reference, [pad, pad, pad, pad], PaddingModes.Reflect), bank.Weight, groups: bank.Groups).square().sum().backward();
            Assert.True((leaf.grad! - reference.grad!).abs().max().item<float>() <= 1e-5 * reference.grad!.abs().max().item<float>());
        }
    }

    [Fact]
    public void A_kernel_that_does_not_factor_runs_as_the_2D_convolution_and_loading_refreshes_the_factors()
    {
        using var scope = NewDisposeScope();
        var noise = torch.randn(new long[] { 2, 1, 9, 9 }, generator: new Generator(3));
        using var bank = new ReflectConvolution(noise.clone());
        Assert.False(bank.Separable);
        var g = torch.exp(-torch.arange(-4, 5, ScalarType.Float32).square() / 8);
        var gaussian = torch.outer(g, g).expand(2, 1, 9, 9).contiguous();
        using var smooth = new ReflectConvolution(gaussian.clone());
        Assert.True(smooth.Separable);
        BioVision.Serialization.StateDictLoader.Load(smooth, new Dictionary<string, Tensor> { ["weight"] = noise });
        Assert.False(smooth.Separable);
        var x = torch.rand(new long[] { 1, 1, 16, 16 }, generator: new Generator(4));
        var expected = nn.functional.conv2d(nn.functional.pad(x, [4, 4, 4, 4], PaddingModes.Reflect), noise);
        Assert.True((smooth.forward(x) - expected).abs().max().item<float>() < 1e-5);
    }
}
