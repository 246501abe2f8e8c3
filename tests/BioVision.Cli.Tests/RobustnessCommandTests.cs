using BioVision.Cli.Commands;
using BioVision.Data;
using Xunit;

namespace BioVision.Cli.Tests;

public class RobustnessCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] arguments) => CliRunner.Run(arguments);

    [Fact]
    public void Robustness_writes_a_report_and_plots_and_resumes()
    {
        string root = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        string run = Path.Combine(root, "run"), report = Path.Combine(root, "report");
        try
        {
            var train = Run("train", "--epochs", "1", "--limit", "200", "--width", "4", "--image-size", "16", "--device", "cpu", "--output", run);
            Assert.True(train.ExitCode == 0, train.Output);
            string[] evaluate =
            [
                "robustness", run, "--dataset", "procedural", "--width", "4", "--limit", "16", "--eps", "1/255,8/255", "--steps", "2",
                "--corruptions", "gaussian_noise,fog", "--severities", "1,5", "--no-checks", "--device", "cpu", "--output", report,
            ];
            var first = Run(evaluate);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("Clean accuracy", first.Output, StringComparison.Ordinal);
            Assert.Contains("No sanity check ran", first.Output, StringComparison.Ordinal); // --no-checks: nothing is claimed
            Assert.DoesNotContain("All checks passed", first.Output, StringComparison.Ordinal);
            foreach (string file in new[] { "report.json", "report.md", "accuracy-vs-eps-Linf.png", "accuracy-vs-eps-Linf.svg", "corruptions.png", "corruptions.svg" })
            {
                Assert.True(File.Exists(Path.Combine(report, file)), $"{file} missing");
            }

            string json = File.ReadAllText(Path.Combine(report, "report.json"));

            // --steps 2 on the quick preset (PGD: 10 steps of eps/4) keeps the distance travelled: steps of 1.25 eps.
            using (var doc = System.Text.Json.JsonDocument.Parse(json))
            {
                var pgd = doc.RootElement.GetProperty("options").GetProperty("sweeps").EnumerateArray()
                    .Select(w => w.GetProperty("attack")).First(a => a.GetProperty("kind").GetString() == "Pgd");
                Assert.Equal(2, pgd.GetProperty("steps").GetInt32());
                Assert.Equal(1.25, pgd.GetProperty("relativeStepSize").GetDouble(), 12);
            }

            var second = Run(evaluate);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Equal(json, File.ReadAllText(Path.Combine(report, "report.json")));

            // Stale cells: another --limit, --seed or retrained weights are refused, naming the input; nothing is lost.
            string[] With(string option, string value)
            {
                var list = evaluate.ToList();
                int at = list.IndexOf(option);
                if (at < 0)
                {
                    list.AddRange([option, value]);
                }
                else
                {
                    list[at + 1] = value;
                }

                return [.. list];
            }

            var moreImages = Run(With("--limit", "24"));
            Assert.Equal(2, moreImages.ExitCode);
            Assert.Contains("(images: stored Float32 [16,", moreImages.Output, StringComparison.Ordinal);
            Assert.Contains("--overwrite", moreImages.Output, StringComparison.Ordinal);
            var otherSeed = Run(With("--seed", "3"));
            Assert.Equal(2, otherSeed.ExitCode);
            Assert.Contains("options.seed: stored 0, now 3", otherSeed.Output, StringComparison.Ordinal);
            var retrain = Run("train", "--epochs", "1", "--limit", "200", "--width", "4", "--image-size", "16", "--device", "cpu", "--seed", "5", "--output", run, "--overwrite");
            Assert.True(retrain.ExitCode == 0, retrain.Output);
            var retrained = Run(evaluate);
            Assert.Equal(2, retrained.ExitCode);
            Assert.Contains("model weights:", retrained.Output, StringComparison.Ordinal);
            Assert.Equal(json, File.ReadAllText(Path.Combine(report, "report.json")));
            var fresh = Run([.. evaluate, "--overwrite"]);
            Assert.True(fresh.ExitCode == 0, fresh.Output);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }
        }
    }

    [Fact]
    public void Run_folders_are_rebuilt_from_the_recorded_model_spec()
    {
        // A VOne model of width 4: robustness and benchmark v1 must rebuild it from the checkpoint's recipe, not from
        // their --width/--image-size defaults (16 and 224), which would not fit its weights.
        string root = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        string run = Path.Combine(root, "run");
        try
        {
            var train = Run("train", "--vone", "--epochs", "1", "--limit", "64", "--width", "4", "--image-size", "16", "--device", "cpu", "--output", run);
            Assert.True(train.ExitCode == 0, train.Output);
            // No --dataset: the run's recorded dataset (procedural, seed 0) is the one evaluated.
            var evaluate = Run("robustness", run, "--limit", "8", "--eps", "1/255", "--steps", "1", "--eot", "1", "--draws", "2",
                "--corruptions", "none", "--no-checks", "--device", "cpu", "--output", Path.Combine(root, "report"));
            Assert.True(evaluate.ExitCode == 0, evaluate.Output);
            Assert.Contains("test images of procedural (seed 0)", evaluate.Output, StringComparison.Ordinal);
            Assert.Contains("width 4", File.ReadAllText(Path.Combine(root, "report", "report.json")), StringComparison.Ordinal);
            var otherData = Run("robustness", run, "--dataset", "fashion-mnist", "--limit", "8", "--device", "cpu");
            Assert.Equal(2, otherData.ExitCode);
            Assert.Contains("was trained on procedural (seed 0)", otherData.Output, StringComparison.Ordinal);
            Assert.Contains("--other-dataset", otherData.Output, StringComparison.Ordinal);
            Assert.Equal(DatasetKind.FashionMnist,
                RobustnessCommand.ResolveDataset(run, "fashion-mnist", null, null, otherDataset: true, out string? none).Kind);
            Assert.Null(none);
            var wrong = Run("robustness", run, "--dataset", "procedural", "--model", "ResNet18", "--device", "cpu");
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("drop --model/--vone", wrong.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, true);
            }
        }
    }

    [Fact]
    public void A_folder_without_a_recorded_dataset_is_evaluated_on_fashion_mnist_with_a_note()
    {
        string empty = Path.Combine(Path.GetTempPath(), "biovision-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            var source = RobustnessCommand.ResolveDataset(empty, null, null, null, otherDataset: false, out string? note);
            Assert.Equal(DatasetSource.Of(DatasetKind.FashionMnist), source);
            Assert.Contains("does not record the dataset", note, StringComparison.Ordinal);
            Assert.Equal(DatasetSource.Of(DatasetKind.Procedural),
                RobustnessCommand.ResolveDataset(empty, "procedural", null, null, otherDataset: false, out note));
            Assert.Null(note);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Theory]
    [InlineData("--preset", "autoattack-standard", "Unknown preset")]
    [InlineData("--eps", "x", "--eps: 'x' is not a number or fraction")]
    [InlineData("--corruptions", "sunburn", "Unknown corruption 'sunburn'")]
    [InlineData("--severities", "6", "--severities must be between 1 and 5")]
    [InlineData("--severities", "2.7", "--severities: '2.7' is not a whole number")]
    [InlineData("--grid", "2.5", "--grid: '2.5' is not a whole number")]
    public void Bad_input_gets_a_one_line_error(string option, string value, string message)
    {
        var result = Run("robustness", Path.GetTempPath(), "--dataset", "procedural", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_run_folder_is_reported()
    {
        var result = Run("robustness", "/nonexistent/run", "--dataset", "procedural");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No run folder or weights file", result.Output, StringComparison.Ordinal);
    }
}
