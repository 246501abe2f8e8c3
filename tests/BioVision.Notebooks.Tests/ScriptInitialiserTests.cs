using Xunit;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// A C# script that references BioVision from a folder whose libLibTorchSharp.so is the original, unpatched one
/// (as when BioVision is used outside a build output) still creates and multiplies tensors after the one-line
/// initialiser, on systems whose libstdc++ lacks GLIBCXX_3.4.32.
/// </summary>
public sealed class ScriptInitialiserTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("biovision-script-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ScriptWithUnpatchedNativesMultipliesTensorsAfterInitialize()
    {
        string lib = Path.Combine(_root, "lib");
        string natives = Path.Combine(lib, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(natives);
        foreach (string dll in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            File.Copy(dll, Path.Combine(lib, Path.GetFileName(dll)));
        }

        string builtNatives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (string so in Directory.GetFiles(builtNatives).Where(f => !f.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal)))
        {
            File.CreateSymbolicLink(Path.Combine(natives, Path.GetFileName(so)), so);
        }

        string? original = BioVision.Native.TorchSharpRuntime.PackagedLibTorchSharp;
        Assert.True(original is not null, "TorchSharp's native library is missing from the NuGet cache: restore the solution first");
        File.Copy(original, Path.Combine(natives, "libLibTorchSharp.so"));

        string script = Path.Combine(_root, "multiply.csx");
        File.WriteAllText(script, """
            #r "BioVision.dll"
            #r "BioVision.NativePatch.dll"
            #r "TorchSharp.dll"
            var report = BioVision.Native.TorchSharpRuntime.Initialize();
            System.Console.WriteLine($"REPORT {report.Outcome}");
            var a = TorchSharp.torch.ones(3, 3);
            var sum = a.matmul(a).sum().item<float>();
            System.Console.WriteLine($"SUM {sum}");
            if (sum != 27f) throw new System.InvalidOperationException("ones(3,3)^2 should sum to 27");
            """);
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet,
            ["exec", Path.Combine(AppContext.BaseDirectory, "BioVision.Notebooks.dll"), script, "--lib", lib], _root,
            new Dictionary<string, string> { ["BIOVISION_NATIVE_CACHE"] = Path.Combine(_root, "cache") });
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUM 27", output, StringComparison.Ordinal);
        bool needsPatch = !BioVision.NativePatch.SystemLibrary.DefinedVersions(BioVision.NativePatch.SystemLibrary.LibStdCxx).Contains("GLIBCXX_3.4.32");
        Assert.Contains(needsPatch ? "REPORT Patched" : "REPORT NotNeeded", output, StringComparison.Ordinal);
    }
}
