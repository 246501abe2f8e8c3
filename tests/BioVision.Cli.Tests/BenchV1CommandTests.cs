using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>Runs <c>biovision bench v1</c> on tiny sizes as a child process (no timing assertions).</summary>
public class BenchV1CommandTests
{
    private static (int ExitCode, string Output) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Fact]
    public void PrintsForwardTrainingAndMemoryFigures()
    {
        var (code, output) = Run("bench", "v1", "--image-size", "32", "--batches", "1,2", "--iterations", "1",
            "--train-batch", "1", "--train-iterations", "1", "--memory-passes", "3", "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("speed-up", output, StringComparison.Ordinal);
        Assert.Contains("VOneResNet18 training step", output, StringComparison.Ordinal);
        Assert.Contains("Native memory: RSS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsMalformedBatchList()
    {
        var (code, output) = Run("bench", "v1", "--batches", "1,x", "--train-batch", "0", "--memory-passes", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("--batches", output, StringComparison.Ordinal);
    }
}
