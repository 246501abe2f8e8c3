using System.Diagnostics;
using System.Globalization;
using BioVision.Runs;
using Spectre.Console;

namespace BioVision.Cli.Commands;

/// <summary>
/// Shows any stage's <see cref="RunProgress"/> on the console: a live Spectre.Console bar on a terminal; when output
/// is redirected, plain lines at every stage change, every tenth of the work and at most every two seconds otherwise.
/// The trainer's and the study's consoles (<see cref="TrainingProgressConsole"/>, <c>reproduce</c>) add their own views
/// (epoch metrics, one bar per task) over the same records.
/// </summary>
internal static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, rendering the progress it reports.</summary>
    /// <param name="title">The bar's name (e.g. <c>robustness</c>).</param>
    /// <param name="work">The stage, given the sink.</param>
    public static T Show<T>(string title, Func<IProgress<RunProgress>, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new PlainLines());
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                return work(new InlineProgress<RunProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Markup.Escape(p.Stage.Length > 60 ? p.Stage[..60] : p.Stage);
                }));
            });
    }

    private sealed class PlainLines : IProgress<RunProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string? _stage;
        private int _tenth = -1;
        private double _last = double.NegativeInfinity;

        public void Report(RunProgress value)
        {
            int tenth = (int)Math.Floor(value.Fraction * 10);
            double now = _clock.Elapsed.TotalSeconds;
            if (value.Stage != _stage || tenth != _tenth || value.IsComplete || now - _last >= 2)
            {
                _stage = value.Stage;
                _tenth = tenth;
                _last = now;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value}"));
            }
        }
    }
}
