using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>Runs <c>biovision bench v1</c> on tiny sizes as a child process (no timing assertions, no Python needed).</summary>
public class BenchV1CommandTests
{
    private static readonly Dictionary<string, string> NoVonenetVariable = new() { ["BIOVISION_VONENET"] = "" };

    [Fact]
    public void PrintsForwardTrainingAndMemoryFiguresWithTheReferenceNotRunWithoutPython()
    {
        var (code, output) = CliRunner.RunWith(NoVonenetVariable, "bench", "v1", "--image-size", "32", "--batches", "1,2", "--iterations", "1",
            "--train-batch", "1", "--train-iterations", "1", "--memory-passes", "3", "--device", "cpu",
            "--python", "/nonexistent/python3", "--vonenet", Path.GetTempPath());
        Assert.True(code == 0, output);
        Assert.Contains("reference s", output, StringComparison.Ordinal);
        Assert.Contains("ratio (x faster)", output, StringComparison.Ordinal);
        Assert.Contains("not run: python '/nonexistent/python3' not found", output, StringComparison.Ordinal);
        Assert.Contains("Load average (1/5/15 min): before", output, StringComparison.Ordinal);
        Assert.Contains("CPU: ", output, StringComparison.Ordinal);
        Assert.Contains("VOneResNet18 training step", output, StringComparison.Ordinal);
        Assert.Contains("Native memory: RSS", output, StringComparison.Ordinal);
        // Every forward row (2 batches x noise on/off) carries the reason, never a stored figure.
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("not run: python", StringComparison.Ordinal) && l.TrimEnd().EndsWith("n/a", StringComparison.Ordinal)));
    }

    [Fact]
    public void WithoutAVonenetFolderTheReferenceIsNotRunAndSaysWhere()
    {
        var (code, output) = CliRunner.RunWith(NoVonenetVariable, "bench", "v1", "--image-size", "16", "--batches", "1", "--iterations", "1",
            "--train-batch", "0", "--memory-passes", "0", "--device", "cpu");
        Assert.True(code == 0, output);
        Assert.Contains("not run: no --vonenet folder (or BIOVISION_VONENET)", output, StringComparison.Ordinal);
        Assert.Contains("github.com/dicarlolab/vonenet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsMalformedBatchList()
    {
        var (code, output) = CliRunner.Run("bench", "v1", "--batches", "1,x", "--train-batch", "0", "--memory-passes", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("--batches", output, StringComparison.Ordinal);
    }
}
