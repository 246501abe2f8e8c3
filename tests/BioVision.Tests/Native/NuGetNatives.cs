using BioVision.Native;
using Xunit;

namespace BioVision.Tests.Native;

/// <summary>The unmodified TorchSharp native library in the NuGet cache (present after any restore).</summary>
internal static class NuGetNatives
{
    /// <summary>The original libLibTorchSharp.so; fails the test when it is missing.</summary>
    public static string OriginalLibTorchSharp
    {
        get
        {
            string? path = TorchSharpRuntime.PackagedLibTorchSharp;
            Assert.True(path is not null, $"TorchSharp {TorchSharpRuntime.TorchSharpVersion}'s native library is missing from the NuGet cache; restore the solution first.");
            return path!;
        }
    }
}
