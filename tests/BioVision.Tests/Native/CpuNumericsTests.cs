using System.Runtime.InteropServices;
using BioVision.Native;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Native;

/// <summary>
/// <see cref="CpuNumerics"/>: what it reports is libtorch's state, scopes restore what they found, failures are loud.
/// These tests change process-wide libtorch switches, so they run alone (<see cref="CpuNumericsCollection"/>), and
/// they only test state: on an AVX2/AVX-512 host oneDNN really does give wrong input gradients.
/// </summary>
[Collection(CpuNumericsCollection.Name)]
public sealed class CpuNumericsTests
{
    [Fact]
    public void Current_is_read_back_from_libtorch_not_the_last_request()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Change the switches behind BioVision's back, through libtorch's own exports, as other code could.
        var before = CpuNumerics.Current;
        string directory = TorchSharpRuntime.LibTorchDirectory!;
        IntPtr torchCpu = NativeLibrary.Load(Path.Combine(directory, "libtorch_cpu.so"));
        IntPtr zeroFill = NativeLibrary.GetExport(NativeLibrary.Load(Path.Combine(directory, "libc10.so")), "FLAGS_caffe2_cpu_allocator_do_zero_fill");
        IntPtr context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(NativeLibrary.GetExport(torchCpu, "_ZN2at13globalContextEv"))();
        var setMkldnn = Marshal.GetDelegateForFunctionPointer<SetFlag>(NativeLibrary.GetExport(torchCpu, "_ZN2at7Context20setUserEnabledMkldnnEb"));
        try
        {
            setMkldnn(context, !before.MkldnnEnabled);
            Marshal.WriteByte(zeroFill, before.ZeroFilledAllocations ? (byte)0 : (byte)1);
            Assert.Equal(before with { MkldnnEnabled = !before.MkldnnEnabled, ZeroFilledAllocations = !before.ZeroFilledAllocations }, CpuNumerics.Current);
        }
        finally
        {
            setMkldnn(context, before.MkldnnEnabled);
            Marshal.WriteByte(zeroFill, before.ZeroFilledAllocations ? (byte)1 : (byte)0);
        }

        Assert.Equal(before, CpuNumerics.Current);
    }

    [Fact]
    public void A_scope_sets_its_choice_and_restores_the_previous_state()
    {
        var before = CpuNumerics.Current;
        using (var scope = CpuNumerics.Use(CpuConvolutionKernels.OneDnn))
        {
            Assert.Equal(before, scope.Previous);
            Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.OneDnn), scope.Applied);
            Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.OneDnn), CpuNumerics.Current);
            Assert.Equal(CpuConvolutionKernels.OneDnn, CpuNumerics.Current.Kernels);
        }

        Assert.Equal(before, CpuNumerics.Current);
    }

    [Fact]
    public void Nested_scopes_restore_in_turn()
    {
        var before = CpuNumerics.Current;
        using (CpuNumerics.Use(CpuConvolutionKernels.LibTorchDefault))
        {
            using (CpuNumerics.Use(CpuConvolutionKernels.Aten))
            {
                Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.Aten), CpuNumerics.Current);
            }

            Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.LibTorchDefault), CpuNumerics.Current);
        }

        Assert.Equal(before, CpuNumerics.Current);
    }

    [Fact]
    public void A_scope_restores_the_previous_state_after_an_exception()
    {
        var before = CpuNumerics.Current;
        static void FailInsideAScope()
        {
            using (CpuNumerics.Use(CpuConvolutionKernels.OneDnn))
            {
                throw new InvalidOperationException("inside the scope");
            }
        }

        var thrown = Assert.Throws<InvalidOperationException>(FailInsideAScope);
        Assert.Equal("inside the scope", thrown.Message);
        Assert.Equal(before, CpuNumerics.Current);
    }

    [Fact]
    public void Disposing_a_scope_twice_restores_once()
    {
        var before = CpuNumerics.Current;
        using (CpuNumerics.Use(CpuConvolutionKernels.OneDnn))
        {
            var inner = CpuNumerics.Use(CpuConvolutionKernels.LibTorchDefault);
            inner.Dispose();
            using (CpuNumerics.Use(CpuConvolutionKernels.Aten))
            {
                inner.Dispose();
                Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.Aten), CpuNumerics.Current);
            }
        }

        Assert.Equal(before, CpuNumerics.Current);
    }

    [Fact]
    public void Zero_filled_allocations_read_back_as_on_are_zero()
    {
        // Behavioural check of one switch: with zero fill on, a fresh buffer is zeros even where freed buffers held NaN.
        const long Size = 1 << 16;
        using (CpuNumerics.Use(CpuNumericsState.For(CpuConvolutionKernels.Aten) with { ZeroFilledAllocations = true }))
        {
            Assert.True(CpuNumerics.Current.ZeroFilledAllocations);
            for (int i = 0; i < 8; i++)
            {
                using var stale = full(Size, float.NaN);
            }

            using var fresh = empty(Size);
            using var zero = fresh.eq(0).all();
            Assert.True(zero.item<bool>());
        }
    }

    [Fact]
    public void Switches_that_do_not_read_back_as_set_fail_loudly()
    {
        var wanted = CpuNumericsState.For(CpuConvolutionKernels.Aten);
        var e = Assert.Throws<CpuNumericsException>(() =>
            CpuNumerics.Apply(wanted, _ => { }, () => CpuNumericsState.For(CpuConvolutionKernels.LibTorchDefault)));
        Assert.Contains($"asked for {wanted}", e.Message, StringComparison.Ordinal);
        Assert.Contains("it reports LibTorchDefault", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_libtorch_without_the_switches_is_a_clear_error()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        IntPtr libc = NativeLibrary.Load("libc.so.6");
        var e = Assert.Throws<CpuNumericsException>(() => LibTorchSwitches.Resolve(libc, libc, msvcNames: false));
        Assert.Contains("at::globalContext()", e.Message, StringComparison.Ordinal);
        Assert.Contains("BIOVISION_CPU_CONVOLUTION=libtorch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_process_default_is_reported_as_libtorch_had_it()
    {
        var applied = CpuNumerics.ProcessDefault;
        if (CpuNumerics.CpuHasOneDnnFault && Environment.GetEnvironmentVariable(CpuNumerics.ConvolutionVariable) is null)
        {
            Assert.Equal(CpuNumericsState.For(CpuConvolutionKernels.Aten), applied);
        }

        Assert.Contains(applied is null ? "" : applied.ToString(), CpuNumerics.Describe(), StringComparison.Ordinal);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool value);
}

/// <summary>The tests that change libtorch's process-wide CPU numerics run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuNumericsCollection
{
    public const string Name = "CPU numerics";
}
