using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>Every user mistake ends in one line on standard error, exit code 2 and no stack trace.</summary>
public sealed class UserMistakeTests
{
    private static void AssertOneLineError((int ExitCode, string Output) result, string expected)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.Output}");
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("bad path", "--dataset fashion-mnist --data-path /nonexistent/fashion", "/nonexistent/fashion")]
    [InlineData("zero epochs", "--epochs 0", "Epochs (0)")]
    [InlineData("cuda on a CPU build", "--device cuda", "CUDA")]
    [InlineData("zero threads", "--threads 0", "--threads must be at least 1")]
    [InlineData("absurd learning rate", "--lr 1e6", "learning rate")]
    [InlineData("negative epsilon", "--adversarial Fgsm --epsilon -0.1", "--epsilon must lie in (0, 1]")]
    [InlineData("epsilon without adversarial training", "--epsilon 0.03", "--epsilon needs --adversarial")]
    [InlineData("resume in an empty folder", "--resume", "Nothing to resume")]
    public void Train_rejects(string mistake, string arguments, string expected)
    {
        string output = TempFolder();
        try
        {
            var result = CliRunner.Run(["train", "--limit", "64", "--width", "4", "--output", output, .. arguments.Split(' ')]);
            AssertOneLineError(result, expected);
            Assert.False(File.Exists(Path.Combine(output, "metrics.csv")), mistake);
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
    public void Train_refuses_a_used_folder_and_names_a_corrupt_checkpoint()
    {
        string output = TempFolder();
        try
        {
            string[] common = ["train", "--limit", "64", "--width", "4", "--device", "cpu", "--output", output];
            string[] run = [.. common, "--epochs", "1"];
            var first = CliRunner.Run(run);
            Assert.True(first.ExitCode == 0, first.Output);
            AssertOneLineError(CliRunner.Run(run), "already holds a training run");

            File.WriteAllText(Path.Combine(output, "checkpoint-e0001.model.bin"), "not a state dict");
            File.WriteAllText(Path.Combine(output, "stale.123.tmp"), "");
            AssertOneLineError(CliRunner.Run([.. common, "--resume", "--allow-recipe-change", "--epochs", "2"]), "checkpoint-e0001.model.bin");

            var again = CliRunner.Run([.. run, "--overwrite"]);
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.Empty(Directory.GetFiles(output, "*.tmp"));
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [Fact]
    public void Train_refuses_an_unwritable_output_folder_before_training()
    {
        // A folder below a regular file cannot be created, by root either.
        string blocker = Path.GetTempFileName();
        try
        {
            var result = CliRunner.Run("train", "--limit", "64", "--width", "4", "--device", "cpu", "--output", Path.Combine(blocker, "run"));
            AssertOneLineError(result, "Cannot write to the output folder");
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
