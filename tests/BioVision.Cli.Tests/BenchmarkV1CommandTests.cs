using Xunit;

namespace BioVision.Cli.Tests;

/// <summary><c>biovision benchmark v1</c>: user mistakes give a one-line error and a non-zero exit.</summary>
public class BenchmarkV1CommandTests
{
    [Fact]
    public void MissingCheckpointIsReported()
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-no-checkpoint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (code, output) = CliRunner.Run("benchmark", "v1", "--checkpoint", folder, "--image-size", "28", "--channels", "1", "--device", "cpu");
            Assert.Equal(2, code);
            Assert.Contains("checkpoint.json", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UnknownLayerIsReported()
    {
        var (code, output) = CliRunner.Run("benchmark", "v1", "--model", "SmallCnn", "--image-size", "28", "--channels", "1", "--layers", "nope", "--device", "cpu", "--no-plots");
        Assert.Equal(2, code);
        Assert.Contains("'nope'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ContradictoryOptionsAreReported()
    {
        var (code, output) = CliRunner.Run("benchmark", "v1", "--block-only", "--checkpoint", "x", "--image-size", "28", "--channels", "1");
        Assert.Equal(2, code);
        Assert.Contains("contradict", output, StringComparison.Ordinal);
    }
}
