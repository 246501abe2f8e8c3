using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace BioVision.Native;

/// <summary>
/// Chooses and reports libtorch's CPU numerics: which kernels run CPU convolutions (ATen's own, oneDNN's, libtorch's
/// default) and whether CPU allocations are zero-filled. Every value reported is read back from libtorch.
/// </summary>
/// <remarks>
/// <para>
/// Why: on x86 CPUs with AVX2 or AVX-512 (<see cref="CpuHasOneDnnFault"/>, on every operating system) libtorch 2.10
/// hands CPU convolutions to oneDNN, whose channel-blocked backward kernels (8 or 16 channels per block) give wrong
/// input gradients when a convolution's channel count is not a multiple of the block: NaN from unwritten padding lanes
/// over a heap that holds stale NaN bytes, and, with several intra-op threads, finite but wrong values (the gradient of a
/// batch and of the same batch repeated differed by 0.4-0.7 on entries up to 1.4). ATen's own im2col + BLAS kernels
/// (<see cref="CpuConvolutionKernels.Aten"/>) give gradients that agree to float precision with one and with several
/// threads; they are slower than oneDNN's (README, performance notes). <c>seeds/training.md</c> has the evidence;
/// <c>tests/BioVision.Tests/Native/OneDnnPaddingTests.cs</c> the regression tests.
/// </para>
/// <para>
/// The process default: on first use of BioVision (<see cref="TorchSharpRuntime.Initialize"/>) BioVision applies
/// <see cref="ConvolutionVariable"/>'s choice, by default <see cref="CpuConvolutionKernels.Aten"/> where
/// <see cref="CpuHasOneDnnFault"/>, and nothing elsewhere; <see cref="ProcessDefault"/> says what it applied, as read
/// back. It is the only libtorch state BioVision changes on its own; <c>BIOVISION_CPU_CONVOLUTION=libtorch</c> turns it
/// off, and <see cref="Use(CpuConvolutionKernels)"/> overrides it for a block of code.
/// </para>
/// <para>
/// The switches are process-wide state of libtorch (its global context and allocator), like PyTorch's
/// <c>torch.backends.mkldnn.flags(enabled=False)</c>: a scope changes them for every thread while it is open. Nest
/// scopes, do not overlap them on different threads.
/// </para>
/// </remarks>
public static class CpuNumerics
{
    /// <summary>
    /// Environment variable that chooses the process default (read when BioVision is first used): <c>aten</c> (the default
    /// on x86 CPUs with AVX2 or AVX-512), <c>onednn</c> (<see cref="CpuConvolutionKernels.OneDnn"/>, at your own risk), or
    /// <c>libtorch</c> (BioVision changes nothing; the default on other CPUs). Any other value makes
    /// <see cref="TorchSharpRuntime.Initialize"/> throw <see cref="CpuNumericsException"/>.
    /// </summary>
    public const string ConvolutionVariable = "BIOVISION_CPU_CONVOLUTION";

    /// <summary>
    /// Environment variable that overrides whether the process default zero-fills CPU allocations: <c>0</c> (off) or
    /// <c>1</c> (on); unset, it is on with <c>onednn</c> and off with <c>aten</c>. Ignored with <c>libtorch</c>.
    /// <c>BIOVISION_CPU_CONVOLUTION=onednn BIOVISION_ZERO_FILL=0</c> reproduces the oneDNN NaN; not for normal use.
    /// </summary>
    public const string ZeroFillVariable = "BIOVISION_ZERO_FILL";

    private static readonly Lock Gate = new();
    private static LibTorchSwitches? _switches;
    private static bool _defaultDone;
    private static CpuNumericsState? _processDefault;

    /// <summary>
    /// Whether this is a CPU where libtorch 2.10's oneDNN gives wrong convolution input gradients: x86 with AVX2 (which
    /// every AVX-512 CPU has), read from CPUID so that a .NET setting such as <c>DOTNET_EnableAVX2=0</c> does not hide it.
    /// </summary>
    public static bool CpuHasOneDnnFault => Avx2.IsSupported || (X86Base.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 5)) != 0);

    /// <summary>The widest x86 vector instruction set this CPU offers (<c>AVX-512</c>, <c>AVX2</c>, <c>AVX</c>, <c>SSE4.2</c>, or the architecture off x86).</summary>
    public static string CpuInstructionSet =>
        Avx512F.IsSupported ? "AVX-512"
        : Avx2.IsSupported ? "AVX2"
        : Avx.IsSupported ? "AVX"
        : Sse42.IsSupported ? "SSE4.2"
        : RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>
    /// libtorch's switches as it has them now, read back from libtorch itself (not what BioVision last asked for).
    /// Needs only the native layer, not the process default, so it also reports where applying the default failed.
    /// These are the switches; which kernel an individual convolution ran is not observable through libtorch's API (it
    /// also depends on dtype, shapes and threads; see <see cref="CpuConvolutionKernels"/>), and the huge-page advice is
    /// not read back either (<see cref="TorchSharpRuntime.HugePageAllocations"/>).
    /// </summary>
    /// <exception cref="NativeLibraryUnavailableException">libtorch cannot load here.</exception>
    /// <exception cref="CpuNumericsException">libtorch does not export the switches.</exception>
    public static CpuNumericsState Current
    {
        get
        {
            lock (Gate)
            {
                return Switches().Read();
            }
        }
    }

    /// <summary>
    /// <see cref="Current"/> as text, or why it cannot be read; for messages that must not fail themselves (a training
    /// divergence report, <c>biovision info</c>).
    /// </summary>
    public static string Describe()
    {
        try
        {
            return Current.ToString();
        }
        catch (Exception e) when (e is CpuNumericsException or NativeLibraryUnavailableException or DllNotFoundException or NotSupportedException)
        {
            return $"unknown ({e.Message})";
        }
    }

    /// <summary>
    /// What BioVision applied as the process default on first use, as libtorch reported it right after; null when
    /// BioVision changed nothing (<see cref="ConvolutionVariable"/> = <c>libtorch</c>, or unset on a CPU without the
    /// fault). Later scopes and other code may have changed the switches since; <see cref="Current"/> says how they are.
    /// </summary>
    /// <exception cref="NativeLibraryUnavailableException">libtorch cannot load here.</exception>
    /// <exception cref="CpuNumericsException">The default could not be applied.</exception>
    public static CpuNumericsState? ProcessDefault
    {
        get
        {
            TorchSharpRuntime.Initialize();
            lock (Gate)
            {
                return _processDefault;
            }
        }
    }

    /// <summary>
    /// Sets libtorch's switches to a kernel choice (<see cref="CpuNumericsState.For(CpuConvolutionKernels)"/>) until the
    /// returned scope is disposed, which restores the switches as they were; e.g.
    /// <code>using (CpuNumerics.Use(CpuConvolutionKernels.OneDnn)) { ... }</code>
    /// </summary>
    /// <param name="kernels">The kernel choice.</param>
    /// <returns>The scope; dispose it to restore the previous switches.</returns>
    /// <exception cref="CpuNumericsException">The switches cannot be set or read back other than asked.</exception>
    public static CpuNumericsScope Use(CpuConvolutionKernels kernels) => Use(CpuNumericsState.For(kernels));

    /// <summary>
    /// Sets libtorch's switches until the returned scope is disposed, which restores them as they were. The process
    /// default is applied first (<see cref="TorchSharpRuntime.Initialize"/>), so a scope never has it applied over itself.
    /// </summary>
    /// <param name="state">The switches to set.</param>
    /// <returns>The scope; dispose it to restore the previous switches.</returns>
    /// <exception cref="CpuNumericsException">The switches cannot be set or read back other than asked.</exception>
    public static CpuNumericsScope Use(CpuNumericsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        TorchSharpRuntime.Initialize();
        lock (Gate)
        {
            var switches = Switches();
            var previous = switches.Read();
            try
            {
                return new CpuNumericsScope(previous, Apply(state, switches.Write, switches.Read));
            }
            catch (CpuNumericsException)
            {
                switches.Write(previous);
                throw;
            }
        }
    }

    /// <summary>Restores the switches a scope found (see <see cref="CpuNumericsScope.Dispose"/>).</summary>
    internal static void Restore(CpuNumericsState previous)
    {
        lock (Gate)
        {
            var switches = Switches();
            Apply(previous, switches.Write, switches.Read);
        }
    }

    /// <summary>
    /// Applies the process default once (idempotent, thread-safe; called by <see cref="TorchSharpRuntime.Initialize"/>
    /// after libtorch has loaded). A failure is not remembered: the next call tries again and throws again.
    /// </summary>
    /// <exception cref="CpuNumericsException">A variable holds an unknown value, or the switches cannot be set.</exception>
    internal static void ApplyProcessDefault()
    {
        lock (Gate)
        {
            if (_defaultDone)
            {
                return;
            }

            if (ChooseDefault(Environment.GetEnvironmentVariable(ConvolutionVariable), Environment.GetEnvironmentVariable(ZeroFillVariable), CpuHasOneDnnFault) is { } wanted)
            {
                var switches = Switches();
                _processDefault = Apply(wanted, switches.Write, switches.Read);
            }

            _defaultDone = true;
        }
    }

    /// <summary>The process default for values of <see cref="ConvolutionVariable"/> and <see cref="ZeroFillVariable"/> on a CPU with or without the oneDNN fault; null = change nothing.</summary>
    /// <exception cref="CpuNumericsException">A value is not one of the documented ones.</exception>
    internal static CpuNumericsState? ChooseDefault(string? convolution, string? zeroFill, bool cpuHasOneDnnFault)
    {
        CpuConvolutionKernels? kernels = convolution?.Trim().ToLowerInvariant() switch
        {
            null or "" => cpuHasOneDnnFault ? CpuConvolutionKernels.Aten : null,
            "aten" => CpuConvolutionKernels.Aten,
            "onednn" => CpuConvolutionKernels.OneDnn,
            "libtorch" => null,
            _ => throw new CpuNumericsException(
                $"{ConvolutionVariable}={convolution} is not a CPU convolution choice: use aten (the default on x86 CPUs with AVX2/AVX-512), onednn or libtorch (leave libtorch's defaults alone)."),
        };
        bool? zero = zeroFill?.Trim() switch
        {
            null or "" => null,
            "0" => false,
            "1" => true,
            _ => throw new CpuNumericsException($"{ZeroFillVariable}={zeroFill} is not a zero-fill choice: use 0 (off) or 1 (on), or leave it unset."),
        };
        if (kernels is not { } chosen)
        {
            return null;
        }

        var state = CpuNumericsState.For(chosen);
        return zero is { } z ? state with { ZeroFilledAllocations = z } : state;
    }

    /// <summary>Writes the switches, reads them back and returns what was read; throws when it differs from what was asked.</summary>
    /// <exception cref="CpuNumericsException">libtorch reads back other switches than were written.</exception>
    internal static CpuNumericsState Apply(CpuNumericsState wanted, Action<CpuNumericsState> write, Func<CpuNumericsState> read)
    {
        write(wanted);
        var actual = read();
        return actual == wanted
            ? actual
            : throw new CpuNumericsException(
                $"libtorch did not take BioVision's CPU numerics: asked for {wanted}, it reports {actual}. Use the libtorch {TorchSharpRuntime.LibTorchVersion} that BioVision references.");
    }

    private static LibTorchSwitches Switches() => _switches ??= LibTorchSwitches.Resolve();
}
