using BioVision.Tests.Stress;
using BioVision.Native;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Native;

/// <summary>
/// Regression test for the intermittent NaN gradients (first convolution and batch norm, finite loss). On x86 CPUs with
/// AVX2/AVX-512, oneDNN's convolution backward in libtorch 2.10 runs in channel-blocked layouts (8/16 channels per
/// block) and reads the padding lanes of a block whose channel count is not a multiple of the block without their
/// having been written. When the heap holds stale NaN bytes there, the input-gradient of the convolution is NaN.
/// The runtime initialiser makes libtorch's CPU allocator zero-fill (<see cref="TorchSharpRuntime.ZeroFilledAllocations"/>);
/// with <c>BIOVISION_ZERO_FILL=0</c> this test fails on such a CPU (16-20 of 20 repeats non-finite on the AMD EPYC
/// AVX-512 host where it was found).
/// </summary>
public sealed class OneDnnPaddingTests
{
    [Theory]
    [RepeatData]
    public void Zero_fill_is_on_where_onednn_uses_blocked_kernels(int _)
    {
        TorchSharpRuntime.Initialize();
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported && Environment.GetEnvironmentVariable(TorchSharpRuntime.ZeroFillVariable) != "0",
            TorchSharpRuntime.ZeroFilledAllocations);
    }

    [Theory]
    [RepeatData(8)]
    [RepeatData(20)]
    public void Convolution_gradients_stay_finite_over_a_heap_full_of_stale_nan(int width, int _)
    {
        const int Repeats = 10;
        using var outer = NewDisposeScope();
        var generator = new Generator(7);
        var x = rand(new long[] { 32, 1, 12, 12 }, generator: generator);
        var y = tensor(Enumerable.Range(0, 32).Select(i => (long)(i % 10)).ToArray());
        var head = rand(new long[] { width, 10 }, generator: generator);
        int bad = 0;
        for (int r = 0; r < Repeats; r++)
        {
            using var scope = NewDisposeScope();
            // Leave NaN bytes in freed heap memory, as earlier work (a diverged run, NaN-padded data) can.
            for (long n = 16; n < 1 << 20; n = (n * 3 / 2) + 7)
            {
                using var stale = full(n, float.NaN);
            }

            var conv1 = nn.Conv2d(1, width, 3, padding: 1, bias: false);
            var conv2 = nn.Conv2d(width, width, 3, padding: 1, bias: false);
            var bn = nn.BatchNorm2d(width);
            var h = nn.functional.relu(bn.forward(conv1.forward(x)));
            var logits = nn.functional.relu(conv2.forward(h)).mean([2, 3]).matmul(head);
            var loss = nn.functional.cross_entropy(logits, y);
            Assert.True(loss.isfinite().item<bool>());
            loss.backward();
            if (!conv1.weight!.grad!.isfinite().all().item<bool>() || !bn.weight!.grad!.isfinite().all().item<bool>())
            {
                bad++;
            }
        }

        Assert.True(bad == 0, $"{bad} of {Repeats} backward passes gave non-finite gradients (width {width}, CPU {TorchSharpRuntime.CpuInstructionSet}, zero fill {TorchSharpRuntime.ZeroFilledAllocations}).");
    }
}
