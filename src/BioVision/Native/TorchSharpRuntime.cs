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

    private const string LibTorchSharpFile = "libLibTorchSharp.so";
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
        string detail = plan.Outcome switch
        {
            VersionPatchOutcome.NotNeeded => "the system libstdc++ defines every version TorchSharp needs",
            VersionPatchOutcome.AlreadyPatched => $"compatibility patch already in place ({string.Join(", ", plan.Missing.Select(m => m.Version))} weak)",
            _ => $"weakened {string.Join(", ", plan.ToWeaken.Select(m => m.Version))} in a cached copy",
        };
        return new NativeLoadReport(plan.Outcome, source, toLoad, detail);
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
