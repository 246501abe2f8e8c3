using Xunit;

namespace BioVision.Cli.Tests;

public sealed class BenchNeuralCommandTests
{
    [Fact]
    public void Bench_neural_times_projection_pls_and_ridge_and_finds_the_signal()
    {
        var result = CliRunner.Run("bench", "neural", "--images", "60", "--features", "300", "--budget", "100", "--neurons", "12", "--repeats", "1", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("60 stimuli x 300 features -> 100, 12 neurons", result.Output, StringComparison.Ordinal);
        foreach (string step in new[] { "count-sketch projection", "PLS-25, 10 splits", "ridge (LOO alpha), 10 splits", "total per layer" })
        {
            Assert.Contains(step, result.Output, StringComparison.Ordinal);
        }

        // The synthetic responses are a linear read-out of the features plus noise: both regressions must find it.
        foreach (string line in result.Output.Split('\n').Where(l => l.StartsWith("PLS-25", StringComparison.Ordinal) || l.StartsWith("ridge", StringComparison.Ordinal)))
        {
            double r = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(r > 0.5, $"median r {r} in: {line}");
        }
    }

    [Fact]
    public void Too_few_images_is_a_one_line_error()
    {
        var result = CliRunner.Run("bench", "neural", "--images", "5");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--images must be at least 20", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
