using Xunit;

namespace BioVision.Cli.Tests;

/// <summary><c>biovision import</c> on the PyTorch fixtures of BioVision.Tests (make_fixtures.py).</summary>
public sealed class ImportCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "pytorch", name);

    [Fact]
    public void ImportsAVOneNetCheckpointWritesWeightsSummaryAndAnExport()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"biovision-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string weights = Path.Combine(dir, "vone.bin");
            string export = Path.Combine(dir, "vone.safetensors");
            var (exitCode, output) = CliRunner.Run("import", Fixture("vone_resnet50_w2_at.pth.tar"), "--from", "vonenet", "--output", weights, "--export", export);
            Assert.True(exitCode == 0, output);
            Assert.Contains("layout:  torch.save legacy: {epoch, flags, state_dict}", output, StringComparison.Ordinal);
            Assert.Contains("VOne-ResNet50, 4 classes", output, StringComparison.Ordinal);
            Assert.Contains("ignored:    vone_block.div_u.weight", output, StringComparison.Ordinal);
            Assert.True(File.Exists(weights));
            Assert.Contains("\"backbone\": \"ResNet50\"", File.ReadAllText(Path.Combine(dir, "vone.json")), StringComparison.Ordinal);
            Assert.True(new FileInfo(export).Length > 0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheWrongKindOrAMissingFileIsAOneLineError()
    {
        var (exitCode, output) = CliRunner.Run("import", Fixture("resnet18_w4_torchvision.pth"), "--from", "vonenet", "--output", Path.Combine(Path.GetTempPath(), "unused.bin"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("is not a VOneNet checkpoint", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));

        (exitCode, output) = CliRunner.Run("import", "/no/such/file.pth", "--from", "torchvision");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("No such checkpoint", output, StringComparison.Ordinal);

        (exitCode, output) = CliRunner.Run("import", Fixture("resnet18_w4_torchvision.pth"), "--from", "keras");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--from must be vonenet, evnet or torchvision", output, StringComparison.Ordinal);
    }
}
