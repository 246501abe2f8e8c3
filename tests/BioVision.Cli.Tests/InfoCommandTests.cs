using Xunit;

namespace BioVision.Cli.Tests;

public sealed class InfoCommandTests
{
    [Fact]
    public void InfoPrintsVersionsDeviceThreadsAndPatchStatus()
    {
        var (exitCode, output) = CliRunner.Run("info");
        Assert.True(exitCode == 0, output);
        Assert.Contains("TorchSharp       0.107.0", output, StringComparison.Ordinal);
        Assert.Contains("libtorch         2.10", output, StringComparison.Ordinal);
        Assert.Contains("Device           cpu", output, StringComparison.Ordinal);
        Assert.Matches(@"Threads\s+\d+ intra-op", output);
        Assert.Matches(@"Native patch\s+(NotNeeded|AlreadyPatched|Patched)", output);
        Assert.Matches(@"CPU numerics\s+(Aten|OneDnn|LibTorchDefault|mixed) \(mkldnn (on|off), nnpack (on|off), zero-filled allocations (on|off)\)", output);
        Assert.Contains("sums to 8", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDeviceIsAClearError()
    {
        var (exitCode, output) = CliRunner.Run("info", "--device", "tpu");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown device 'tpu'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCpuConvolutionChoiceIsAClearError()
    {
        var (exitCode, output) = CliRunner.RunWith(new Dictionary<string, string> { ["BIOVISION_CPU_CONVOLUTION"] = "mkl" }, "info");
        Assert.Equal(2, exitCode);
        Assert.Contains("error: BIOVISION_CPU_CONVOLUTION=mkl is not a CPU convolution choice", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommandFails()
    {
        var (exitCode, _) = CliRunner.Run("no-such-command");
        Assert.NotEqual(0, exitCode);
    }
}
