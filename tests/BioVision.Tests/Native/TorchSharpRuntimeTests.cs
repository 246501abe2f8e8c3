using Xunit;
using BioVision.Native;
using BioVision.NativePatch;
using TorchSharp;

namespace BioVision.Tests.Native;

public sealed class TorchSharpRuntimeTests
{
    [Fact]
    public void InitializeReportsALoadableNativeLayer()
    {
        var report = TorchSharpRuntime.Initialize();
        Assert.NotEqual(VersionPatchOutcome.Impossible, report.Outcome);
        Assert.Same(report, TorchSharpRuntime.Initialize());
    }

    [Fact]
    public void BuildOutputCarriesAWorkingLibTorchSharp()
    {
        // The build patched the copy in this test project's output when this system's libstdc++ needs it.
        string copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(copy), $"{copy} is missing: the native trimming removed it or the build did not copy it.");
        var plan = ElfVersionPatcher.Plan(ElfImage.Load(copy), SystemLibrary.LibStdCxx, SystemLibrary.DefinedVersions(SystemLibrary.LibStdCxx));
        Assert.Contains(plan.Outcome, new[] { VersionPatchOutcome.NotNeeded, VersionPatchOutcome.AlreadyPatched });
    }

    [Fact]
    public void TensorsMultiply()
    {
        TorchSharpRuntime.Initialize();
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
        Assert.StartsWith(TorchSharpRuntime.LibTorchVersion[..4], torch.__version__, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusedNativesAreNotCopied()
    {
        string natives = Path.Combine(AppContext.BaseDirectory, "runtimes");
        Assert.False(File.Exists(Path.Combine(natives, "linux-x64", "native", "libtorch_python.so")));
        Assert.False(Directory.Exists(Path.Combine(natives, "win-x64")));
        Assert.False(Directory.Exists(Path.Combine(natives, "osx-arm64")));
    }
}
