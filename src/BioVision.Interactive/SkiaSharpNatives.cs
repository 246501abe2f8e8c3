using System.Reflection;
using System.Runtime.InteropServices;

namespace BioVision.Interactive;

/// <summary>
/// Lets SkiaSharp (plot and image export) find <c>libSkiaSharp</c> for as long as the process lives. In a notebook
/// the kernel resolves packages' native libraries only while the kernel that restored them exists; SkiaSharp objects
/// are finalised later (a finaliser that first calls a native function after the kernel is gone crashed the process
/// with DllNotFoundException). This resolver, registered once for SkiaSharp's assembly, loads the library from the
/// application's <c>runtimes/linux-x64/native</c>, from beside SkiaSharp.dll, or from the NuGet package folder's
/// <c>skiasharp.nativeassets.linux.nodependencies</c>; anything else falls through to the default search.
/// </summary>
public static class SkiaSharpNatives
{
    private const string NativeAssetsPackage = "skiasharp.nativeassets.linux.nodependencies";
    private static readonly Lock Gate = new();
    private static bool _registered;
    private static IntPtr _handle;

    /// <summary>Registers the resolver (Linux only; idempotent). Does nothing when SkiaSharp already has a resolver.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered || !OperatingSystem.IsLinux())
            {
                return;
            }

            _registered = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(SkiaSharp.SKObject).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Someone (the host) already resolves SkiaSharp's natives: leave theirs in place.
            }
        }
    }

    /// <summary>Where <c>libSkiaSharp.so</c> is looked for, in order.</summary>
    public static IEnumerable<string> CandidatePaths()
    {
        const string File = "libSkiaSharp.so";
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", File);
        string? skiaDirectory = Path.GetDirectoryName(typeof(SkiaSharp.SKObject).Assembly.Location);
        if (!string.IsNullOrEmpty(skiaDirectory))
        {
            yield return Path.Combine(skiaDirectory, File);
            yield return Path.Combine(skiaDirectory, "runtimes", "linux-x64", "native", File);
            // NuGet layout: <packages>/skiasharp/<version>/lib/<tfm>/SkiaSharp.dll
            var version = Directory.GetParent(skiaDirectory)?.Parent;
            var packages = version?.Parent?.Parent;
            if (version is not null && packages is not null)
            {
                yield return Path.Combine(packages.FullName, NativeAssetsPackage, version.Name, "runtimes", "linux-x64", "native", File);
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "libSkiaSharp")
        {
            return IntPtr.Zero;
        }

        lock (Gate)
        {
            if (_handle == IntPtr.Zero && CandidatePaths().FirstOrDefault(File.Exists) is { } path)
            {
                _handle = NativeLibrary.Load(path);
            }

            return _handle;
        }
    }
}
