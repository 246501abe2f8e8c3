using System.Text.Json;
using Xunit;

namespace BioVision.Cli.Tests;

public sealed class NeuralBenchmarkCommandTests
{
    [Fact]
    public void UnknownSet_IsAOneLineError()
    {
        var (exitCode, output) = CliRunner.Run("benchmark", "neural", "--sets", "it92,v5");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown set 'v5'", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void MissingCheckpointFolder_IsAOneLineError()
    {
        var (exitCode, output) = CliRunner.Run("benchmark", "neural", "--checkpoint", "/no/such/run");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallRun_WritesJsonMarkdownAndPlots()
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-neural-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = CliRunner.Run("benchmark", "neural", "--model", "SmallCnn", "--image-size", "28", "--channels", "1",
                "--classes", "10", "--width", "8", "--sets", "it92", "--bootstrap", "10", "--output", folder);
            Assert.True(exitCode == 0, output);
            Assert.Contains("IT (human)", output, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "neural-benchmark.json")));
            Assert.Equal(2, json.RootElement.GetProperty("regions").GetArrayLength());
            Assert.True(File.Exists(Path.Combine(folder, "neural-benchmark.md")));
            Assert.True(File.Exists(Path.Combine(folder, "curves-it-human.png")));
            Assert.True(File.Exists(Path.Combine(folder, "rdm-it-monkey.png")));
            Assert.True(File.Exists(Path.Combine(folder, "mds-it-human.png")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
