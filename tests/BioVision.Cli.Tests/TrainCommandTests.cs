using Xunit;

namespace BioVision.Cli.Tests;

public class TrainCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Fact]
    public void Train_writes_metrics_prints_accuracy_and_resumes()
    {
        string output = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var first = Run("train", "--epochs", "1", "--limit", "300", "--width", "4", "--device", "cpu", "--output", output);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("Final test accuracy", first.Output, StringComparison.Ordinal);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);

            var resumed = Run("train", "--epochs", "2", "--limit", "300", "--width", "4", "--device", "cpu", "--output", output, "--resume", "--allow-recipe-change");
            Assert.True(resumed.ExitCode == 0, resumed.Output);
            Assert.Contains("resumed after epoch 1", resumed.Output, StringComparison.Ordinal);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
        }
    }

    [Fact]
    public void Unknown_dataset_is_rejected_with_a_message()
    {
        var result = Run("train", "--dataset", "imagenet-42");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown dataset", result.Output, StringComparison.Ordinal);
    }
}
