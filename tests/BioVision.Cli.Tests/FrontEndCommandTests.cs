using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>The front-end zoo from the command line: train with <c>--front-end</c>, then attack the run folder.</summary>
public class FrontEndCommandTests
{
    [Theory]
    [InlineData("EV", "EV-SmallCnn")]
    [InlineData("VOneDN", "VOneDN-SmallCnn")]
    [InlineData("LearnedV1", "LearnedV1-SmallCnn")]
    public void A_front_end_trains_and_its_run_folder_is_evaluated_with_it(string frontEnd, string name)
    {
        string root = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        string run = Path.Combine(root, "run"), report = Path.Combine(root, "report");
        try
        {
            var train = CliRunner.Run("train", "--front-end", frontEnd, "--epochs", "1", "--limit", "64", "--width", "4", "--image-size", "16", "--device", "cpu", "--output", run);
            Assert.True(train.ExitCode == 0, train.Output);
            string checkpoint = File.ReadAllText(Path.Combine(run, "checkpoint.json"));
            Assert.Contains(name, checkpoint, StringComparison.Ordinal);
            var evaluate = CliRunner.Run("robustness", run, "--limit", "8", "--eps", "2/255", "--steps", "1", "--corruptions", "gaussian_noise", "--severities", "1", "--no-checks", "--device", "cpu", "--output", report);
            Assert.True(evaluate.ExitCode == 0, evaluate.Output);
            Assert.Contains(name, evaluate.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public void An_unknown_front_end_is_a_one_line_error_listing_the_known_ones()
    {
        var (code, output) = CliRunner.Run("train", "--front-end", "VTwo", "--epochs", "1", "--limit", "8", "--device", "cpu");
        Assert.NotEqual(0, code);
        Assert.Contains("'VTwo' is not a known front end", output, StringComparison.Ordinal);
        Assert.Contains("EVNet (EV)", output, StringComparison.Ordinal);
        var contradiction = CliRunner.Run("train", "--front-end", "EV", "--no-vone", "--epochs", "1", "--limit", "8", "--device", "cpu");
        Assert.Equal(2, contradiction.ExitCode);
        Assert.Contains("contradict", contradiction.Output, StringComparison.Ordinal);
    }
}
