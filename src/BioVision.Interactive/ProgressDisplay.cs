using System.Diagnostics;
using System.Globalization;
using System.Net;
using BioVision.Runs;

namespace BioVision.Interactive;

/// <summary>
/// Shows the progress of a long BioVision job: in a .NET Interactive notebook (Jupyter, VS Code) as one live bar
/// that updates in place under the cell, in a script or terminal as readable lines (when the stage changes, and at
/// most every few seconds otherwise). It is an <see cref="IProgress{T}"/> of <see cref="RunProgress"/>, the one progress
/// record every stage reports (or derives from), so it can be passed to any stage as it is:
/// <code>
/// using var progress = ProgressDisplay.Start("training");
/// var result = trainer.Fit(train, test, progress);
/// </code>
/// </summary>
public sealed class ProgressDisplay : IDisposable, IProgress<RunProgress>
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly INotebookView? _notebook;
    private readonly TextWriter _lines;
    private readonly TimeSpan _lineInterval;
    private readonly TimeSpan _barInterval = TimeSpan.FromMilliseconds(200);
    private TimeSpan _lastShown = TimeSpan.MinValue;
    private string? _lastStage;
    private RunProgress? _last;
    private bool _completed;

    private ProgressDisplay(string title, INotebookView? notebook, TextWriter lines, TimeSpan lineInterval)
    {
        Title = title;
        _notebook = notebook;
        _lines = lines;
        _lineInterval = lineInterval;
    }

    /// <summary>What a display that received no report shows when it completes: the work was already done.</summary>
    public static RunProgress NothingToRun { get; } = new("nothing left to run (restored from earlier work)", 1, 1, "steps");

    /// <summary>The job's name, shown before every update.</summary>
    public string Title { get; }

    /// <summary>Whether updates go to a live notebook bar (false: text lines).</summary>
    public bool IsNotebook => _notebook is not null;

    /// <summary>
    /// Starts a display: a live bar when running inside a .NET Interactive kernel's cell, else lines on the console.
    /// </summary>
    /// <param name="title">The job's name (e.g. <c>training</c>, <c>robustness of vone</c>).</param>
    public static ProgressDisplay Start(string title) =>
        NotebookKernelIsLoaded() && NotebookView.TryCreate() is { } view
            ? new ProgressDisplay(title, view, TextWriter.Null, TimeSpan.FromSeconds(5))
            : new ProgressDisplay(title, null, Console.Out, TimeSpan.FromSeconds(5));

    /// <summary>A display that writes lines to <paramref name="writer"/> (scripts, logs, tests).</summary>
    /// <param name="title">The job's name.</param>
    /// <param name="writer">Where lines go.</param>
    /// <param name="interval">Least time between two lines of the same stage (default 5 s; zero prints every update).</param>
    public static ProgressDisplay ToLines(string title, TextWriter writer, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new ProgressDisplay(title, null, writer, interval ?? TimeSpan.FromSeconds(5));
    }

    /// <summary>This display as a sink of one stage's records (the display itself, typed; <see cref="IProgress{T}"/> is contravariant).</summary>
    /// <typeparam name="T">A BioVision progress record (e.g. <c>TrainingProgress</c>, <c>RobustnessProgress</c>, <c>StudyProgress</c>).</typeparam>
    public IProgress<T> For<T>()
        where T : RunProgress => this;

    /// <summary>Shows one update (immediately when its stage is new or the work is complete, else throttled).</summary>
    /// <param name="update">The update.</param>
    public void Report(RunProgress update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            // A report without a total (0) between reports with one (the trainer's test phase) keeps the bar's scale.
            if (update.Total <= 0 && _last is { Total: > 0 } known && known.Unit == update.Unit)
            {
                update = update with { Total = known.Total };
            }

            _last = update;
            var now = _clock.Elapsed;
            bool newStage = update.Stage != _lastStage;
            var interval = _notebook is not null ? _barInterval : _lineInterval;
            if (!newStage && !update.IsComplete && now - _lastShown < interval)
            {
                return;
            }

            _lastShown = now;
            _lastStage = update.Stage;
            Show(update, final: false);
        }
    }

    /// <summary>Shows the last update as final, with the elapsed time (also done by <see cref="Dispose"/>).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            // No report at all: the job found its work done (a finished run or cached cells restored); say so.
            Show(_last ?? NothingToRun, final: true);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Complete();

    /// <summary>The line a script prints for <paramref name="update"/> (title, elapsed time, the update).</summary>
    /// <param name="update">The update.</param>
    public string FormatLine(RunProgress update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return string.Create(CultureInfo.InvariantCulture, $"{Title} {Elapsed()}  {update}");
    }

    /// <summary>The HTML bar a notebook shows for <paramref name="update"/>: title, stage, a bar, counts and detail.</summary>
    /// <param name="update">The update.</param>
    /// <param name="final">Whether the job has ended (the bar then says so).</param>
    public string FormatHtml(RunProgress update, bool final = false)
    {
        ArgumentNullException.ThrowIfNull(update);
        double percent = Math.Round(update.Fraction * 100, 1);
        string colour = final && !update.IsComplete ? "#b35900" : "#2c7fb8";
        string status = final ? (update.IsComplete ? "done" : "stopped") : "running";
        return string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"biovision-progress\" style=\"font-family:sans-serif;font-size:13px;background:#ffffff;color:#000000;padding:6px 8px;border:1px solid #cccccc;max-width:640px\">" +
            $"<div><b>{Html(Title)}</b> ({status}, {Elapsed()}): {Html(update.Stage)}</div>" +
            $"<div style=\"background:#e6e6e6;height:14px;margin:4px 0;width:100%\"><div style=\"background:{colour};height:14px;width:{percent}%\"></div></div>" +
            $"<div>{percent:0.#}% &mdash; {Html(update.ToString()[(update.ToString().IndexOf(']', StringComparison.Ordinal) + 2)..])}</div></div>");
    }

    private void Show(RunProgress update, bool final)
    {
        if (_notebook is not null)
        {
            _notebook.Show(FormatHtml(update, final), FormatLine(update));
        }
        else
        {
            _lines.WriteLine(FormatLine(update) + (final ? (update.IsComplete ? " (done)" : " (stopped)") : ""));
            _lines.Flush();
        }
    }

    private string Elapsed()
    {
        var t = _clock.Elapsed;
        return t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    // The kernel's assemblies exist only inside a notebook (this package compiles against them but never ships them):
    // look for them before touching any of their types, so a script never tries to load them.
    private static bool NotebookKernelIsLoaded() =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive");

    /// <summary>Where a notebook bar is drawn (one displayed value, updated in place).</summary>
    internal interface INotebookView
    {
        void Show(string html, string text);
    }
}
