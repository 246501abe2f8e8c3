using System.Diagnostics;
using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>The study refuses a bad data path at once, before planning or creating its folder.</summary>
public sealed class ReproduceDataPathTests
{
    [Theory]
    [InlineData("--dataset fashion-mnist --data-path /nonexistent", "/nonexistent")]
    [InlineData("--data-path /tmp", "procedural dataset")]
    public void Bad_data_path_fails_at_once_with_one_error_line(string arguments, string expected)
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();
        var result = CliRunner.Run(["reproduce", "--out", folder, .. arguments.Split(' ')]);
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.Output}");
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.DoesNotContain("tasks", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the study folder was created although the data path was refused");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"refusing took {watch.Elapsed}");
    }

    [Fact]
    public void Neural_benchmark_refuses_a_missing_data_root_before_building_the_model()
    {
        var result = CliRunner.Run("benchmark", "neural", "--data-root", "/nonexistent/shared", "--model", "SmallCnn", "--image-size", "28", "--channels", "1", "--classes", "10");
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.Output}");
        Assert.Contains("error: The data root '/nonexistent/shared' does not exist", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Neural benchmark of", result.Output, StringComparison.Ordinal);
    }
}
