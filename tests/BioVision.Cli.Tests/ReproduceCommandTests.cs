using Xunit;

namespace BioVision.Cli.Tests;

public class ReproduceCommandTests
{
    [Theory]
    [InlineData("--slurm-cpus", "0", "Slurm CPUs per task must be at least 1")]
    [InlineData("--slurm-time", "4 hours", "Slurm time '4 hours' must be one word")]
    [InlineData("--neural-sets", "brain", "Unknown set 'brain' in --neural-sets")]
    [InlineData("--corruption-severities", "7", "--corruption-severities: '7' is not a severity from 1 to 5")]
    [InlineData("--variants", "vone-big", "Unknown variant 'vone-big'")]
    public void Bad_input_gets_a_one_line_error_and_writes_nothing(string option, string value, string message)
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        var result = CliRunner.Run("reproduce", "--out", folder, "--slurm", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the study folder was created although the options were refused");
    }
}
