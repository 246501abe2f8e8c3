using Xunit;

namespace BioVision.Cli.Tests;

public sealed class BenchMemoryCommandTests
{
    [Fact]
    public void Bench_memory_prints_both_curves_and_their_growth()
    {
        var result = CliRunner.Run("bench", "memory", "--image-size", "16", "--batch-size", "2", "--forward-steps", "4", "--train-steps", "4", "--every", "2", "--width", "4", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("VOneBlock forward", result.Output, StringComparison.Ordinal);
        Assert.Contains("VOne-SmallCnn (width 4) training steps", result.Output, StringComparison.Ordinal);
        // Samples after step 1, every 2 steps and at the end; growth from the second sample (step 2) to the last (step 4).
        Assert.Equal(2, result.Output.Split('\n').Count(l => l.StartsWith("growth from step 2 to step 4: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_zero_interval_is_a_one_line_error()
    {
        var result = CliRunner.Run("bench", "memory", "--every", "0");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--every must be at least 1", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
