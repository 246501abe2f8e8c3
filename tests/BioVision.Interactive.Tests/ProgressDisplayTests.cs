using BioVision.Experiments;
using BioVision.Interactive;
using BioVision.Robustness.Evaluation;
using BioVision.Runs;
using BioVision.Training;
using Xunit;

namespace BioVision.Interactive.Tests;

/// <summary>Every stage reports the one progress record (or one derived from it) in words and counts; scripts get readable, throttled lines.</summary>
public sealed class ProgressDisplayTests
{
    [Fact]
    public void Training_reports_count_epochs_and_name_the_phase()
    {
        var u = new TrainingProgress(TrainingPhase.Training, 2, 4, 5, 10, 0.5123, 0.8126, 1234);
        Assert.Equal("training, epoch 2 of 4", u.Stage);
        Assert.Equal(1.5, u.Done, 12);
        Assert.Equal(4, u.Total);
        Assert.Equal("epochs", u.Unit);
        Assert.Equal("loss 0.512, accuracy 81.3 %, 1,234 images/s", u.Detail);
        Assert.Equal(0.375, u.Fraction, 12);

        var done = new TrainingProgress(TrainingPhase.EpochCompleted, 4, 4, 10, 10, 0.3, 0.9, 1000, new EpochMetrics(4, 0.01, 0.3, 0.9, 0.4, 0.85, 1000, 12));
        Assert.True(done.IsComplete);
        Assert.Equal("train loss 0.300, train accuracy 90.0 %, test accuracy 85.0 %", done.Detail);
    }

    [Fact]
    public void Robustness_and_study_reports_use_readable_names_not_keys()
    {
        var r = new RobustnessProgress("model|Pgd|Linf|10|0.25|True|1|Last|Sparse|CrossEntropy|9|4|0.0039", 3, 30, "PGD L-inf eps 1/255, 10 steps, EOT 4");
        Assert.Equal("PGD L-inf eps 1/255, 10 steps, EOT 4", r.Stage);
        Assert.DoesNotContain("|", r.ToString(), StringComparison.Ordinal);

        var s = new StudyProgress(new StudyTask(4, "vone", 1, StudyStage.Robustness), 4, 9, 0.5, "vone-s1/robustness");
        Assert.Equal("vone (seed 1): robustness", s.Stage);
        Assert.Equal(4.5, s.Done, 12);
        Assert.Equal("task 5 of 9", s.Detail);
        Assert.Equal("[ 50%] vone (seed 1): robustness: 4.5/9 tasks, task 5 of 9", s.ToString()); // the one line: derived records print it too
    }

    [Fact]
    public void Lines_are_printed_per_stage_throttled_within_a_stage_and_end_with_the_outcome()
    {
        var writer = new StringWriter();
        using (var display = ProgressDisplay.ToLines("robustness", writer, TimeSpan.FromHours(1)))
        {
            var sink = display.For<RobustnessProgress>();
            sink.Report(new RobustnessProgress("clean", 0, 4));
            sink.Report(new RobustnessProgress("clean", 0, 4));          // same stage within the interval: not printed
            sink.Report(new RobustnessProgress("k", 1, 4, "FGSM L-inf eps 4/255"));
            sink.Report(new RobustnessProgress("k", 4, 4, "FGSM L-inf eps 4/255")); // complete: printed
        }

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^robustness 0:\d\d  \[  0%\] clean: 0/4 cells$", lines[0]);
        Assert.EndsWith("[ 25%] FGSM L-inf eps 4/255: 1/4 cells", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("[100%] FGSM L-inf eps 4/255: 4/4 cells", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("4/4 cells (done)", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_phase_without_an_epoch_total_keeps_the_bars_scale_and_a_stopped_job_says_so()
    {
        var writer = new StringWriter();
        var display = ProgressDisplay.ToLines("training", writer, TimeSpan.Zero);
        var sink = display.For<TrainingProgress>();
        sink.Report(new TrainingProgress(TrainingPhase.Training, 1, 3, 10, 10, 1, 0.5, 100));
        sink.Report(new TrainingProgress(TrainingPhase.Evaluating, 1, 0, 2, 4, 1, 0.5, 400));   // the trainer's test phase: Epochs = 0
        display.Complete();
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("testing after epoch 1: 1/3 epochs", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("(stopped)", lines[^1], StringComparison.Ordinal);
        Assert.False(display.IsNotebook);
    }

    [Fact]
    public void The_notebook_bar_is_html_with_the_stage_and_the_fraction()
    {
        var display = ProgressDisplay.ToLines("study", TextWriter.Null);
        string html = display.FormatHtml(new RunProgress("vone <seed 0>", 1, 4, "tasks"));
        Assert.Contains("<b>study</b> (running,", html, StringComparison.Ordinal);
        Assert.Contains("vone &lt;seed 0&gt;", html, StringComparison.Ordinal);
        Assert.Contains("width:25%", html, StringComparison.Ordinal);
        Assert.Contains("(done,", display.FormatHtml(new RunProgress("x", 4, 4, "tasks"), final: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_that_reports_nothing_says_its_work_was_already_done()
    {
        var writer = new StringWriter();
        ProgressDisplay.ToLines("training", writer).Complete();
        Assert.EndsWith("[100%] nothing left to run (restored from earlier work): 1/1 steps (done)", writer.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_display_is_a_sink_for_every_stages_records()
    {
        // IProgress<T> is contravariant: a sink of the one record takes every stage's derived records as they are.
        var writer = new StringWriter();
        using var display = ProgressDisplay.ToLines("any", writer, TimeSpan.Zero);
        IProgress<TrainingProgress> training = display;
        IProgress<StudyProgress> study = display;
        training.Report(new TrainingProgress(TrainingPhase.Training, 1, 2, 1, 2, 0.5, 0.5, 10));
        study.Report(new StudyProgress(new StudyTask(0, "vone", 0, StudyStage.Train), 0, 2, 0.5, "vone-s0/train"));
        Assert.Contains("training, epoch 1 of 2: 0.5/2 epochs", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("vone (seed 0): training: 0.5/2 tasks", writer.ToString(), StringComparison.Ordinal);
    }
}
