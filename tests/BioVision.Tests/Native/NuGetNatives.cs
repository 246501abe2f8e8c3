using Xunit;
namespace BioVision.Tests.Native;

/// <summary>Paths of the unmodified TorchSharp natives in the NuGet cache (present after any restore).</summary>
internal static class NuGetNatives
{
    public static string PackagesRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The original libLibTorchSharp.so of TorchSharp 0.107.0; fails the test when it is missing.</summary>
    public static string OriginalLibTorchSharp
    {
        get
        {
            string path = Path.Combine(PackagesRoot, "torchsharp", BioVision.Native.TorchSharpRuntime.TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            Assert.True(File.Exists(path), $"The TorchSharp package's native library is missing at {path}; restore the solution first.");
            return path;
        }
    }
}
