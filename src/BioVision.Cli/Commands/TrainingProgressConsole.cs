using System.Globalization;
using BioVision.Training;
using Spectre.Console;

namespace BioVision.Cli.Commands;

/// <summary>
/// Shows <see cref="TrainingProgress"/> on the console: a live Spectre.Console progress bar on a terminal, plain
/// lines (one per epoch) when output is redirected.
/// </summary>
internal static class TrainingProgressConsole
{
    /// <summary>Runs <paramref name="work"/>, rendering the progress it reports.</summary>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new PlainLines());
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new LiveBar(context, title)));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class PlainLines : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Phase == TrainingPhase.EpochCompleted && value.Metrics is { } m)
            {
                Console.WriteLine(m.ToString());
            }
        }
    }

    private sealed class LiveBar(ProgressContext context, string title) : IProgress<TrainingProgress>
    {
        private ProgressTask? _task;
        private int _epoch;

        public void Report(TrainingProgress value)
        {
            if (value.Phase == TrainingPhase.EpochCompleted)
            {
                if (_task is not null && value.Metrics is { } m)
                {
                    _task.Description = Markup.Escape(Format($"epoch {value.Epoch}/{value.Epochs}  loss {m.TrainLoss:F3}  acc {m.TrainAccuracy:P1}  test {m.TestAccuracy:P1}  {m.ImagesPerSecond:F0} img/s"));
                    _task.Value = _task.MaxValue;
                    _task.StopTask();
                }

                _task = null;
                return;
            }

            if (value.Phase == TrainingPhase.Training && (_task is null || value.Epoch != _epoch))
            {
                _epoch = value.Epoch;
                _task = context.AddTask(Markup.Escape($"{title} epoch {value.Epoch}/{value.Epochs}"), maxValue: value.Batches);
            }

            if (_task is null)
            {
                return;
            }

            _task.Value = value.Phase == TrainingPhase.Training ? value.Batch : _task.MaxValue;
            _task.Description = Markup.Escape(value.Phase == TrainingPhase.Training
                ? Format($"epoch {value.Epoch}/{value.Epochs}  loss {value.Loss:F3}  acc {value.Accuracy:P1}  {value.ImagesPerSecond:F0} img/s")
                : Format($"epoch {_epoch}  evaluating {value.Batch}/{value.Batches}  acc {value.Accuracy:P1}"));
        }
    }
}
