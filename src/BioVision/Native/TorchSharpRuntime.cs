using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BioVision.NativePatch;
using TorchSharp;

namespace BioVision.Native;

/// <summary>
/// Makes TorchSharp's native layer load on Linux systems whose libstdc++ predates GLIBCXX_3.4.32 (Debian 12,
/// Ubuntu 22.04). Build outputs are patched by the build; code that loads BioVision from elsewhere (a C# script, a
/// notebook, <c>dotnet run file.cs</c>) calls <see cref="Initialize"/> once, before its first TorchSharp call:
/// <code>BioVision.Native.TorchSharpRuntime.Initialize();</code>
/// </summary>
/// <remarks>
/// When the copy of <c>libLibTorchSharp.so</c> that TorchSharp would load needs the patch, a patched copy is written
/// to a cache folder (<c>BIOVISION_NATIVE_CACHE</c>, else <c>$XDG_CACHE_HOME/biovision/native</c>, else
/// <c>~/.cache/biovision/native</c>), libc10, libtorch_cpu and libtorch are preloaded from libtorch's folder, and then
/// the patched copy; TorchSharp's own load by name then finds the library already loaded. Nothing happens on
/// systems whose libstdc++ already has every required version, or off Linux. The BioVision assembly also calls
/// <see cref="TryInitialize"/> when it is first used.
/// </remarks>
public static class TorchSharpRuntime
{
    /// <summary>Environment variable naming a folder that holds <c>libLibTorchSharp.so</c> (searched first).</summary>
    public const string NativeDirectoryVariable = "BIOVISION_TORCHSHARP_NATIVE_DIR";

    /// <summary>Environment variable naming the folder for patched copies.</summary>
    public const string CacheDirectoryVariable = "BIOVISION_NATIVE_CACHE";

    /// <summary>
    /// Environment variable that turns libtorch's huge-page advice for large CPU buffers off (<c>0</c>). Default on:
    /// <see cref="Initialize"/> sets libtorch's own switch <c>THP_MEM_ALLOC_ENABLE=1</c> in the native environment before
    /// libtorch loads, unless the variable is already set.
    /// </summary>
    public const string HugePagesVariable = "BIOVISION_HUGEPAGES";

    /// <summary>
    /// Environment variable that turns the zero-filling of libtorch's CPU allocations off (<c>0</c>) when oneDNN's
    /// convolutions are chosen (<see cref="CpuConvolutionVariable"/> = <c>onednn</c>); see <see cref="ZeroFilledAllocations"/>.
    /// Meant for reproducing the oneDNN fault, not for normal use.
    /// </summary>
    public const string ZeroFillVariable = "BIOVISION_ZERO_FILL";

    /// <summary>
    /// Environment variable that chooses the CPU convolution kernels on x86 CPUs with AVX2 or AVX-512 (read once, when
    /// BioVision first loads): <c>aten</c> (the default) or <c>onednn</c>; see <see cref="CpuConvolution"/>.
    /// </summary>
    public const string CpuConvolutionVariable = "BIOVISION_CPU_CONVOLUTION";

    private const string LibTorchSharpFile = "libLibTorchSharp.so";
    private const string ThpVariable = "THP_MEM_ALLOC_ENABLE";
    private const string ZeroFillFlag = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
    private static readonly Lock Gate = new();
    private static NativeLoadReport? _report;

    /// <summary>The report of the initialisation, or null when it has not run.</summary>
    public static NativeLoadReport? Report
    {
        get
        {
            lock (Gate)
            {
                return _report;
            }
        }
    }

    /// <summary>TorchSharp's package version, as built against.</summary>
    public static string TorchSharpVersion => Metadata("TorchSharpVersion");

    /// <summary>The libtorch version of the referenced native package.</summary>
    public static string LibTorchVersion => Metadata("LibTorchVersion");

    /// <summary>The native backend this build references: <c>cpu</c> or <c>cuda</c>.</summary>
    public static string Backend => Metadata("TorchBackend");

    /// <summary>
    /// The unmodified <c>libLibTorchSharp.so</c> of the referenced TorchSharp package in the NuGet cache
    /// (<c>NUGET_PACKAGES</c> or <c>~/.nuget/packages</c>), or null when it is not there.
    /// </summary>
    public static string? PackagedLibTorchSharp =>
        Path.Combine(NuGetRoot(), "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", LibTorchSharpFile) is var path && File.Exists(path)
            ? path
            : null;

    /// <summary>
    /// Prepares TorchSharp's native layer (idempotent, thread-safe). Call before the first TorchSharp call when
    /// BioVision is loaded from outside a build output folder.
    /// </summary>
    /// <returns>What was found and done.</returns>
    /// <exception cref="NativeLibraryUnavailableException">The native layer cannot load here; the message says why and what to do.</exception>
    public static NativeLoadReport Initialize()
    {
        lock (Gate)
        {
            _report ??= Prepare();
            return _report;
        }
    }

    /// <summary>Like <see cref="Initialize"/>, but returns false with the exception instead of throwing.</summary>
    /// <param name="error">The reason, when it fails.</param>
    public static bool TryInitialize(out Exception? error)
    {
        try
        {
            Initialize();
            error = null;
            return true;
        }
        catch (Exception e) when (e is NativeLibraryUnavailableException or IOException or UnauthorizedAccessException or ElfFormatException or DllNotFoundException or BadImageFormatException)
        {
            error = e;
            return false;
        }
    }

    /// <summary>The widest x86 vector instruction set this CPU offers (<c>AVX-512</c>, <c>AVX2</c>, <c>AVX</c>, <c>SSE4.2</c>, or the architecture off x86).</summary>
    public static string CpuInstructionSet =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512"
        : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2"
        : System.Runtime.Intrinsics.X86.Avx.IsSupported ? "AVX"
        : System.Runtime.Intrinsics.X86.Sse42.IsSupported ? "SSE4.2"
        : RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>
    /// Whether libtorch's CPU allocator zero-fills every new buffer in this process (libc10's
    /// <c>caffe2_cpu_allocator_do_zero_fill</c>). <see cref="Initialize"/> turns it on when oneDNN's convolutions are kept
    /// on an x86 CPU with AVX2 or AVX-512 (<see cref="CpuConvolution"/> = <see cref="CpuConvolutionKernels.OneDnn"/>): there oneDNN's convolution kernels use channel-blocked layouts (8 or 16 channels per block), and in the
    /// backward pass of libtorch 2.10 (oneDNN 3.x via ideep) the padding lanes of a block whose channel count is not a
    /// multiple of the block are read without having been written. Stale heap bytes that happen to be NaN then turn the
    /// input-gradient of such a convolution into NaN (and with it the gradients of every layer below it) while the loss
    /// stays finite. Zeroed buffers make the padding hold the zeros oneDNN assumes (they do not mend the wrong
    /// multi-threaded gradients; see <see cref="CpuConvolution"/>). Set <see cref="ZeroFillVariable"/> to <c>0</c> to turn it off. See <c>seeds/training.md</c> for the evidence.
    /// </summary>
    public static bool ZeroFilledAllocations { get; private set; }

    /// <summary>
    /// The CPU convolution kernels of this process: <see cref="CpuConvolutionKernels.Aten"/> on x86 CPUs with AVX2 or
    /// AVX-512 unless <see cref="CpuConvolutionVariable"/> says <c>onednn</c>, else <see cref="CpuConvolutionKernels.LibTorchDefault"/>.
    /// On those CPUs libtorch 2.10 hands CPU convolutions to oneDNN, whose channel-blocked backward kernels (8 or 16
    /// channels per block) give wrong input gradients when a convolution's channel count is not a multiple of the block:
    /// NaN from unwritten padding lanes over a heap holding stale NaN bytes, and, with several intra-op threads, finite
    /// but wrong values (the gradient of a batch and of the same batch repeated differed by 0.4-0.7). With
    /// <see cref="CpuConvolutionKernels.Aten"/>, <see cref="Initialize"/> turns ATen's use of oneDNN and of NNPACK off
    /// in libtorch's global context (<c>at::Context::setUserEnabledMkldnn(false)</c> and <c>setUserEnabledNNPACK(false)</c>,
    /// the switches behind PyTorch's <c>torch.backends.mkldnn.enabled</c> and <c>torch.backends.nnpack</c>, which TorchSharp
    /// does not expose), so convolutions run ATen's own im2col + BLAS kernels, whose gradients agree to float precision
    /// with one and with several threads. They are slower than oneDNN's native kernels (a SmallCnn training step runs at
    /// about 0.4x of oneDNN with a tuned allocator; README, performance notes) but about twice as fast as capping
    /// oneDNN at SSE4.1, the earlier fix. This is process-wide libtorch
    /// state, set once when BioVision loads, and reported here; <see cref="CpuConvolutionKernels.OneDnn"/> (at your own
    /// risk, for speed or to reproduce the fault) leaves libtorch's choice alone and zero-fills allocations instead.
    /// See <c>seeds/training.md</c> for the evidence.
    /// </summary>
    public static CpuConvolutionKernels CpuConvolution { get; private set; } = CpuConvolutionKernels.LibTorchDefault;

    /// <summary>Whether libtorch's CPU allocator advises transparent huge pages for large buffers (<c>THP_MEM_ALLOC_ENABLE</c> was set before it loaded).</summary>
    public static bool HugePageAllocations { get; private set; }

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Makes TorchSharp load transparently wherever BioVision is used; never throws.")]
    internal static void InitializeOnAssemblyLoad() => TryInitialize(out _);

    private static NativeLoadReport Prepare()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new NativeLoadReport(VersionPatchOutcome.NotNeeded, null, null, "not Linux: no patch needed");
        }

        string? source = FindLibTorchSharp();
        if (source is null)
        {
            throw new NativeLibraryUnavailableException(
                $"Cannot find {LibTorchSharpFile}. Looked next to TorchSharp.dll, in runtimes/linux-x64/native of the application " +
                $"and in the NuGet cache (torchsharp/{TorchSharpVersion}). Restore the BioVision project (dotnet build) or set " +
                $"{NativeDirectoryVariable} to the folder that holds it.");
        }

        var available = SystemLibrary.DefinedVersions(SystemLibrary.LibStdCxx);
        var image = ElfImage.Load(source);
        var plan = ElfVersionPatcher.Plan(image, SystemLibrary.LibStdCxx, available);
        if (plan.Outcome == VersionPatchOutcome.Impossible)
        {
            throw new NativeLibraryUnavailableException(
                $"TorchSharp's {source} needs symbol versions that this system's {SystemLibrary.Locate(SystemLibrary.LibStdCxx) ?? SystemLibrary.LibStdCxx} " +
                $"does not define, and they are used at run time: {string.Join("; ", plan.Blocking)}. Install a newer libstdc++ " +
                "(GCC 13 or later, e.g. Debian 13 / Ubuntu 24.04) or put one first on LD_LIBRARY_PATH.");
        }

        string libtorchDirectory = FindLibTorchDirectory(Path.GetDirectoryName(source)!)
            ?? throw new NativeLibraryUnavailableException(
                $"Found {source} but not libtorch_cpu.so (package libtorch-cpu-linux-x64 {LibTorchVersion}). Restore the BioVision project or set {NativeDirectoryVariable}.");
        string toLoad = source;
        if (plan.Outcome == VersionPatchOutcome.Patched)
        {
            toLoad = Path.Combine(CacheDirectory(), $"{TorchSharpVersion}-{ContentHash(image)}", LibTorchSharpFile);
            if (!File.Exists(toLoad))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(toLoad)!);
                string partial = $"{toLoad}.{Environment.ProcessId}.partial";
                File.WriteAllBytes(partial, ElfVersionPatcher.Apply(image, plan));
                File.Move(partial, toLoad, overwrite: true);
            }
        }

        PrepareNativeEnvironment();

        // Preloading by full path makes TorchSharp's later load by name find these exact files, wherever it probes
        // (scripts and notebooks have no deps.json that points it at runtimes/linux-x64/native).
        foreach (string dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            string path = Path.Combine(libtorchDirectory, dependency);
            if (File.Exists(path))
            {
                NativeLibrary.Load(path);
            }
        }

        NativeLibrary.Load(toLoad);
        ApplyAllocatorFlags(libtorchDirectory);
        ApplyConvolutionChoice(libtorchDirectory);
        string detail = plan.Outcome switch
        {
            VersionPatchOutcome.NotNeeded => "the system libstdc++ defines every version TorchSharp needs",
            VersionPatchOutcome.AlreadyPatched => $"compatibility patch already in place ({string.Join(", ", plan.Missing.Select(m => m.Version))} weak)",
            _ => $"weakened {string.Join(", ", plan.ToWeaken.Select(m => m.Version))} in a cached copy",
        };
        return new NativeLoadReport(plan.Outcome, source, toLoad, detail);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int NativeSetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr NativeGetEnv(string name);

    /// <summary>
    /// Sets libtorch's huge-page switch in the native environment (which <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// does not reach on Linux), before libc10 loads and reads it on its first allocation. With the kernel's THP mode
    /// <c>madvise</c>, libtorch then advises huge pages for buffers of 2 MiB and more, which saves thousands of page
    /// faults per fresh activation buffer at 224 pixels. A value the user set is left alone. Also reads the CPU
    /// convolution choice (<see cref="CpuConvolutionVariable"/>).
    /// </summary>
    private static void PrepareNativeEnvironment()
    {
        bool wanted = Environment.GetEnvironmentVariable(HugePagesVariable) != "0";
        if (NativeGetEnv(ThpVariable) == IntPtr.Zero && wanted)
        {
            NativeSetEnv(ThpVariable, "1", 0);
        }

        HugePageAllocations = Marshal.PtrToStringAnsi(NativeGetEnv(ThpVariable)) is { } value && value != "0";

        CpuConvolution = ChooseCpuConvolution(Environment.GetEnvironmentVariable(CpuConvolutionVariable), System.Runtime.Intrinsics.X86.Avx2.IsSupported);
    }

    /// <summary>The kernels <see cref="Initialize"/> chooses for a value of <see cref="CpuConvolutionVariable"/> on a CPU with or without AVX2.</summary>
    /// <exception cref="NativeLibraryUnavailableException">The value is neither <c>aten</c> nor <c>onednn</c>.</exception>
    internal static CpuConvolutionKernels ChooseCpuConvolution(string? value, bool avx2) =>
        value?.Trim().ToLowerInvariant() switch
        {
            null or "" => avx2 ? CpuConvolutionKernels.Aten : CpuConvolutionKernels.LibTorchDefault,
            "aten" => CpuConvolutionKernels.Aten,
            "onednn" => avx2 ? CpuConvolutionKernels.OneDnn : CpuConvolutionKernels.LibTorchDefault,
            _ => throw new NativeLibraryUnavailableException($"{CpuConvolutionVariable}={value} is not a CPU convolution choice: use aten (the default) or onednn."),
        };

    /// <summary>Turns ATen's oneDNN and NNPACK convolutions off when <see cref="CpuConvolution"/> is <see cref="CpuConvolutionKernels.Aten"/>.</summary>
    private static void ApplyConvolutionChoice(string libtorchDirectory)
    {
        string cpu = Path.Combine(libtorchDirectory, "libtorch_cpu.so");
        if (CpuConvolution != CpuConvolutionKernels.Aten)
        {
            return;
        }

        IntPtr handle = File.Exists(cpu) ? NativeLibrary.Load(cpu) : IntPtr.Zero;
        if (handle == IntPtr.Zero
            || !NativeLibrary.TryGetExport(handle, "_ZN2at13globalContextEv", out IntPtr global)
            || !NativeLibrary.TryGetExport(handle, "_ZN2at7Context20setUserEnabledMkldnnEb", out IntPtr setMkldnn)
            || !NativeLibrary.TryGetExport(handle, "_ZN2at7Context20setUserEnabledNNPACKEb", out IntPtr setNnpack))
        {
            throw new NativeLibraryUnavailableException(
                $"Cannot turn oneDNN convolutions off: {cpu} does not export at::globalContext / at::Context::setUserEnabledMkldnn / setUserEnabledNNPACK. " +
                $"Use the libtorch {LibTorchVersion} that BioVision references, or set {CpuConvolutionVariable}=onednn (known wrong input gradients for channel counts that are not a multiple of 16).");
        }

        IntPtr context = Marshal.GetDelegateForFunctionPointer<GlobalContextFunction>(global)();
        Marshal.GetDelegateForFunctionPointer<SetContextFlagFunction>(setMkldnn)(context, false);
        Marshal.GetDelegateForFunctionPointer<SetContextFlagFunction>(setNnpack)(context, false);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContextFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetContextFlagFunction(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool value);

    /// <summary>Turns on zero-filled CPU allocations where oneDNN's channel-blocked kernels are kept (see <see cref="ZeroFilledAllocations"/>).</summary>
    private static void ApplyAllocatorFlags(string libtorchDirectory)
    {
        if (CpuConvolution != CpuConvolutionKernels.OneDnn || Environment.GetEnvironmentVariable(ZeroFillVariable) == "0")
        {
            return;
        }

        string c10 = Path.Combine(libtorchDirectory, "libc10.so");
        if (File.Exists(c10) && NativeLibrary.TryGetExport(NativeLibrary.Load(c10), ZeroFillFlag, out IntPtr flag))
        {
            Marshal.WriteByte(flag, 1);
            ZeroFilledAllocations = true;
        }
    }

    private static string CacheDirectory()
    {
        string root = Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } explicitRoot
            ? explicitRoot
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "biovision", "native");
        return root;
    }

    private static string ContentHash(ElfImage image)
    {
        byte[] hash = SHA256.HashData(image.Bytes.Span);
        return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        if (Environment.GetEnvironmentVariable(NativeDirectoryVariable) is { Length: > 0 } explicitDirectory)
        {
            yield return explicitDirectory;
        }

        foreach (string? baseDirectory in new[] { Path.GetDirectoryName(typeof(torch).Assembly.Location), Path.GetDirectoryName(typeof(TorchSharpRuntime).Assembly.Location), AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(baseDirectory))
            {
                yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native");
                yield return baseDirectory;
            }
        }
    }

    private static string NuGetRoot() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string? FindLibTorchSharp() =>
        CandidateDirectories()
            .Select(d => Path.Combine(d, LibTorchSharpFile))
            .FirstOrDefault(File.Exists) ?? PackagedLibTorchSharp;

    private static string? FindLibTorchDirectory(string libTorchSharpDirectory) =>
        new[] { libTorchSharpDirectory }
            .Concat(CandidateDirectories())
            .Append(Path.Combine(NuGetRoot(), "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", "linux-x64", "native"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));

    private static string Metadata(string key) =>
        typeof(TorchSharpRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value ?? "unknown";
}

/// <summary>Which kernels run CPU convolutions (see <see cref="TorchSharpRuntime.CpuConvolution"/>).</summary>
public enum CpuConvolutionKernels
{
    /// <summary>libtorch's own choice, untouched (CPUs without AVX2, or BioVision not initialised).</summary>
    LibTorchDefault,

    /// <summary>ATen's im2col + BLAS convolutions: oneDNN and NNPACK convolutions turned off in libtorch's global context.</summary>
    Aten,

    /// <summary>oneDNN's native channel-blocked kernels, with zero-filled allocations against their NaN (wrong multi-threaded input gradients remain).</summary>
    OneDnn,
}
