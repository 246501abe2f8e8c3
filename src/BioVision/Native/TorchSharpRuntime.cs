using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BioVision.NativePatch;
using TorchSharp;

namespace BioVision.Native;

/// <summary>
/// Makes TorchSharp's native layer load and reports the versions in use. On Linux systems whose libstdc++ predates
/// GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04) it loads a patched copy of <c>libLibTorchSharp.so</c>. Build outputs are
/// patched by the build; code that loads BioVision from elsewhere (a C# script, a notebook, <c>dotnet run file.cs</c>)
/// calls <see cref="Initialize"/> once, before its first TorchSharp call:
/// <code>BioVision.Native.TorchSharpRuntime.Initialize();</code>
/// </summary>
/// <remarks>
/// <para>
/// When the copy of <c>libLibTorchSharp.so</c> that TorchSharp would load needs the patch, a patched copy is written
/// to a cache folder (<c>BIOVISION_NATIVE_CACHE</c>, else <c>$XDG_CACHE_HOME/biovision/native</c>, else
/// <c>~/.cache/biovision/native</c>), libc10, libtorch_cpu and libtorch are preloaded from libtorch's folder, and then
/// the patched copy; TorchSharp's own load by name then finds the library already loaded. No patch is written on
/// systems whose libstdc++ already has every required version, or off Linux.
/// </para>
/// <para>
/// <see cref="Initialize"/> then applies BioVision's default CPU numerics (<see cref="CpuNumerics"/>: ATen's own
/// convolutions instead of oneDNN's on x86 CPUs with AVX2 or AVX-512, whose gradients are wrong there). The BioVision
/// assembly also calls <see cref="TryInitialize"/> when it is first used (see <see cref="InitializeOnAssemblyLoad"/>).
/// </para>
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

    private const string LibTorchSharpFile = "libLibTorchSharp.so";
    private const string ThpVariable = "THP_MEM_ALLOC_ENABLE";
    private static readonly Lock Gate = new();
    private static NativeLoadReport? _report;
    private static string? _libTorchDirectory;

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
    /// Prepares TorchSharp's native layer and applies BioVision's default CPU numerics (<see cref="CpuNumerics"/>);
    /// idempotent and thread-safe. Every BioVision entry point calls it (device selection, hence training, the study
    /// and every CLI command; the notebook extension); call it yourself before the first TorchSharp call when BioVision
    /// is loaded from outside a build output folder.
    /// </summary>
    /// <returns>What was found and done to load the native layer.</returns>
    /// <exception cref="NativeLibraryUnavailableException">The native layer cannot load here; the message says why and what to do.</exception>
    /// <exception cref="CpuNumericsException">The default CPU numerics cannot be applied (an unknown <see cref="CpuNumerics.ConvolutionVariable"/>, a libtorch without the switches).</exception>
    public static NativeLoadReport Initialize()
    {
        var report = EnsureLoaded();
        CpuNumerics.ApplyProcessDefault();
        return report;
    }

    /// <summary>Loads the native layer only (idempotent, thread-safe): the part of <see cref="Initialize"/> that <see cref="CpuNumerics"/> needs.</summary>
    /// <exception cref="NativeLibraryUnavailableException">The native layer cannot load here.</exception>
    internal static NativeLoadReport EnsureLoaded()
    {
        lock (Gate)
        {
            _report ??= Prepare();
            return _report;
        }
    }

    /// <summary>The folder libtorch was preloaded from (Linux), or null when BioVision preloaded nothing.</summary>
    internal static string? LibTorchDirectory
    {
        get
        {
            lock (Gate)
            {
                return _libTorchDirectory;
            }
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
        catch (Exception e) when (e is NativeLibraryUnavailableException or CpuNumericsException or IOException or UnauthorizedAccessException or ElfFormatException
                                       or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or NotSupportedException)
        {
            error = e;
            return false;
        }
    }

    /// <summary>
    /// Whether libtorch's CPU allocator advises transparent huge pages for large buffers: <c>THP_MEM_ALLOC_ENABLE</c> in
    /// the native environment (Linux only; see <see cref="HugePagesVariable"/>). Not read back from libtorch: libc10 reads
    /// the variable once, at its first allocation, into a value it does not export, so this reports the environment it
    /// reads. It is accurate when BioVision was initialised before any TorchSharp allocation, which the assembly's
    /// initializer ensures unless TorchSharp was used before BioVision was first touched.
    /// </summary>
    public static bool HugePageAllocations { get; private set; }

    /// <summary>
    /// Runs <see cref="TryInitialize"/> when the BioVision assembly is first used, so that TorchSharp loads wherever
    /// BioVision is used and BioVision's default CPU numerics are in place before any BioVision convolution runs.
    /// </summary>
    /// <remarks>
    /// Why a module initializer still applies the numerics: BioVision's gradient laws (EOT, the repeated-batch law, the
    /// NaN regression tests) hold only with them on AVX2/AVX-512 CPUs, and BioVision convolutions are built in many
    /// places (every model and front end, the corruption filters, imported checkpoints, user code and tests that never
    /// call <see cref="Initialize"/>); a hook in each would be one forgotten call away from silently wrong gradients.
    /// The house rule, no process-wide torch state changed behind the caller's back, is kept by making this one change
    /// open: it is documented (README, <c>seeds/training.md</c>, <see cref="CpuNumerics"/>), reported as libtorch has it
    /// (<see cref="CpuNumerics.ProcessDefault"/>, <see cref="CpuNumerics.Current"/>, <c>biovision info</c>), can be turned
    /// off (<c>BIOVISION_CPU_CONVOLUTION=libtorch</c>) and is overridden for a block by <see cref="CpuNumerics.Use(CpuConvolutionKernels)"/>.
    /// It never throws: an exception here would surface as a TypeInitializationException on the first touch of any
    /// BioVision type. A failure is raised again, loudly, by <see cref="Initialize"/>, which every entry point calls.
    /// </remarks>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Makes TorchSharp load and BioVision's numerics apply before any BioVision code runs; never throws (see remarks).")]
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
        _libTorchDirectory = libtorchDirectory;
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
    /// faults per fresh activation buffer at 224 pixels. A value the user set is left alone.
    /// </summary>
    private static void PrepareNativeEnvironment()
    {
        bool wanted = Environment.GetEnvironmentVariable(HugePagesVariable) != "0";
        if (NativeGetEnv(ThpVariable) == IntPtr.Zero && wanted)
        {
            NativeSetEnv(ThpVariable, "1", 0);
        }

        HugePageAllocations = Marshal.PtrToStringAnsi(NativeGetEnv(ThpVariable)) is { } value && value != "0";
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
