using System.Diagnostics;
using BioVision.Data;
using BioVision.Experiments;
using BioVision.Runs;
using Xunit;

namespace BioVision.Cli.Tests;

/// <summary>
/// `biovision reproduce`, the main command, end to end over a two-model plan (baseline and VOne, train + robustness):
/// the CLI and <see cref="StudyRunner"/> work on the same folder, a killed run resumes without redoing finished tasks,
/// and a changed setting is refused naming it.
/// </summary>
public class ReproduceEndToEndTests
{
    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static readonly string[] Settings =
    [
        "--variants", "baseline,vone", "--seeds", "1", "--epochs", "1", "--train-limit", "256", "--width", "4",
        "--robustness-images", "8", "--test-limit", "64", "--corruption-severities", "none", "--scoring-draws", "2",
        "--square-queries", "4", "--attack-steps", "2", "--eot", "1", "--stages", "train,robustness",
    ];

    [Fact]
    public void Cli_and_StudyRunner_share_a_folder_that_resumes_after_a_kill_and_refuses_other_settings()
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            // 1. The CLI writes the plan; the library opens that folder and runs the first task itself.
            var plan = CliRunner.Run(["reproduce", "--out", folder, "--plan", .. Settings]);
            Assert.True(plan.ExitCode == 0, plan.Output);
            var runner = StudyRunner.OpenExisting(folder);
            Assert.Equal(4, runner.Context.Plan.Tasks.Count);
            runner.RunTask(0);
            string firstResult = runner.Context.Store.ResultPath(runner.Context.Plan.Task(0));
            var firstWritten = File.GetLastWriteTimeUtc(firstResult);

            // 2. The CLI continues it and is stopped once the second model is trained.
            string secondResult = runner.Context.Store.ResultPath(runner.Context.Plan.Task(1));
            using (var process = CliRunner.Start(["reproduce", "--out", folder, .. Settings]))
            {
                var clock = Stopwatch.StartNew();
                while (!File.Exists(secondResult) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
                {
                    Thread.Sleep(50); // polling a file another process writes; not a wait for a fault
                }

                Assert.True(File.Exists(secondResult), "the CLI did not train the second model");
                Assert.False(process.HasExited, "the CLI finished before it could be stopped");
                // SIGTERM, as a scheduler stops a job: the run stops at its next safe point with the shell's 128 + 15.
                Assert.Equal(0, kill(process.Id, 15));
                Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the CLI did not stop after SIGTERM");
                Assert.Equal(143, process.ExitCode);
            }

            var secondWritten = File.GetLastWriteTimeUtc(secondResult);

            // 3. Rerun (after a stop, or a kill: results are written atomically): finished tasks are not redone, the rest completes and the report is written.
            var rest = CliRunner.Run(["reproduce", "--out", folder, .. Settings]);
            Assert.True(rest.ExitCode == 0, rest.Output);
            Assert.Equal(firstWritten, File.GetLastWriteTimeUtc(firstResult));
            Assert.Equal(secondWritten, File.GetLastWriteTimeUtc(secondResult));
            Assert.DoesNotContain("#0 baseline-s1/train ...", rest.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("#1 vone-s1/train ...", rest.Output, StringComparison.Ordinal);
            Assert.Empty(StudyRunner.OpenExisting(folder).Missing());

            // 4. The library's report of the folder is the CLI's.
            string written = File.ReadAllText(Path.Combine(folder, "report", "report.json"));
            Assert.Equal(StudyReport.FromJson(written).ToJson(), StudyRunner.OpenExisting(folder).Report().ToJson());

            // 5. The library, given the CLI's plan and settings, continues the same folder; another setting is refused by both.
            var definition = StudyRunner.OpenExisting(folder).Context;
            Assert.Empty(StudyRunner.Open(folder, definition.Plan, definition.Options).Missing());
            var refused = Assert.Throws<RunMismatchException>(() => StudyRunner.Open(folder, definition.Plan, definition.Options with { Epochs = 2 }));
            Assert.Equal("study.options.epochs: stored 1, now 2", refused.Difference);
            var changed = CliRunner.Run(["reproduce", "--out", folder, .. With("--epochs", "2")]);
            Assert.Equal(2, changed.ExitCode);
            Assert.Contains("study.options.epochs: stored 1, now 2", changed.Output, StringComparison.Ordinal);
            Assert.Contains("--overwrite", changed.Output, StringComparison.Ordinal);
            Assert.Equal(written, File.ReadAllText(Path.Combine(folder, "report", "report.json")));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }
    }

    private static string[] With(string option, string value)
    {
        var list = Settings.ToArray();
        list[Array.IndexOf(list, option) + 1] = value;
        return list;
    }

    [Fact]
    public void The_library_holds_the_studys_defaults()
    {
        var (plan, options) = StudyDefaults.Study(DatasetKind.Procedural);
        Assert.Equal(StudyDefaults.ReducedVariants, plan.Variants.Select(v => v.Name));
        Assert.Equal(2, options.Epochs);
        var full = StudyDefaults.Options(DatasetKind.FashionMnist);
        Assert.Null(full.TrainLimit);
        Assert.Equal([1, 2, 3, 4, 5], full.CorruptionSeverities);
        Assert.Throws<ArgumentException>(() => StudyDefaults.Options(DatasetKind.Cifar10));
    }
}
