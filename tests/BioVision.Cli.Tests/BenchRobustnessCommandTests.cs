using Xunit;

namespace BioVision.Cli.Tests;

/// <summary><c>biovision bench robustness</c> on tiny sizes (no timing assertions, no Python needed).</summary>
public class BenchRobustnessCommandTests
{
    [Fact]
    public void PrintsThroughputWithTheReferenceNotRunWithoutPython()
    {
        var result = CliRunner.Run("bench", "robustness", "--sizes", "28x1", "--batch-size", "2", "--steps", "1", "--eot", "1", "--repeats", "1",
            "--width", "4", "--device", "cpu", "--python", "/nonexistent/python3");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("BioVision img/s", result.Output, StringComparison.Ordinal);
        Assert.Contains("15/1", result.Output, StringComparison.Ordinal);
        Assert.Contains("not run: python '/nonexistent/python3' not found", result.Output, StringComparison.Ordinal);
        Assert.Contains("Load average (1/5/15 min): before", result.Output, StringComparison.Ordinal);
    }
}
