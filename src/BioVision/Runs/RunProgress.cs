using System.Globalization;

namespace BioVision.Runs;

/// <summary>
/// The one progress record of every BioVision stage: what runs, how far the whole job is, and a detail line. Stages
/// whose reports carry more (the trainer's loss and epoch metrics, the study's task, the robustness cell's key) report a
/// record derived from this one, so one sink — an <see cref="IProgress{T}"/> of <see cref="RunProgress"/> (the CLI's
/// console, the notebook's <c>ProgressDisplay</c>) — shows every stage: <see cref="IProgress{T}"/> is contravariant.
/// </summary>
/// <param name="Stage">What runs, in words (e.g. <c>training, epoch 2 of 3</c>, <c>PGD L-inf eps 1/255, 10 steps, EOT 4</c>).</param>
/// <param name="Done">Work done, in <paramref name="Unit"/>.</param>
/// <param name="Total">All the work, in <paramref name="Unit"/> (0: unknown).</param>
/// <param name="Unit">What is counted (e.g. <c>epochs</c>, <c>cells</c>, <c>tasks</c>, <c>images</c>, <c>presentations</c>).</param>
/// <param name="Detail">Numbers so far (e.g. <c>loss 0.512, accuracy 81.3 %, 1,250 images/s</c>), or null.</param>
public record RunProgress(string Stage, double Done, double Total, string Unit, string? Detail = null)
{
    /// <summary>Done over total in [0, 1] (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp(Done / Total, 0, 1) : 0;

    /// <summary>Whether all the work is done.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;

    /// <summary>The report as one line, e.g. <c>[ 40%] training, epoch 2 of 3: 1.2/3 epochs, loss 0.512</c> (sealed: derived records print the same line).</summary>
    public sealed override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"[{Fraction * 100,3:0}%] {Stage}: {Count(Done)}/{Count(Total)} {Unit}{(Detail is { Length: > 0 } ? ", " + Detail : "")}");

    private static string Count(double value) => Math.Abs(value - Math.Round(value)) < 1e-9
        ? Math.Round(value).ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order. <see cref="Progress{T}"/>
/// posts to the thread pool, which reorders reports and can deliver them after the stage has returned; every BioVision
/// stage and command that forwards or prints progress uses this one instead.
/// </summary>
/// <typeparam name="T">Report type.</typeparam>
/// <param name="handler">Called for every report.</param>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
