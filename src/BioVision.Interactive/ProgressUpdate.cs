using System.Globalization;
using BioVision.Benchmarks.Neural;
using BioVision.Benchmarks.V1Properties;
using BioVision.Experiments;
using BioVision.Robustness.Evaluation;
using BioVision.Training;

namespace BioVision.Interactive;

/// <summary>
/// One progress report as people read it: a stage name, how far the whole job is, and a detail line. The one
/// adapter from BioVision's progress records (<see cref="From(object)"/>) to what <see cref="ProgressDisplay"/> shows.
/// </summary>
/// <param name="Stage">What runs, in words (e.g. <c>training, epoch 2 of 3</c>, <c>PGD L-inf eps 1/255, 10 steps, EOT 4</c>).</param>
/// <param name="Done">Work done, in <paramref name="Unit"/>.</param>
/// <param name="Total">All the work, in <paramref name="Unit"/> (0: unknown).</param>
/// <param name="Unit">What is counted (e.g. <c>epochs</c>, <c>cells</c>, <c>tasks</c>, <c>images</c>).</param>
/// <param name="Detail">Numbers so far (e.g. <c>loss 0.512, accuracy 81.3 %, 1,250 images/s</c>), or null.</param>
public sealed record ProgressUpdate(string Stage, double Done, double Total, string Unit, string? Detail = null)
{
    /// <summary>Done over total in [0, 1] (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp(Done / Total, 0, 1) : 0;

    /// <summary>Whether all the work is done.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;

    /// <summary>The update as one line, e.g. <c>[ 40%] training, epoch 2 of 3: 1.2/3 epochs, loss 0.512</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"[{Fraction * 100,3:0}%] {Stage}: {Count(Done)}/{Count(Total)} {Unit}{(Detail is { Length: > 0 } ? ", " + Detail : "")}");

    /// <summary>
    /// Turns a progress record of BioVision into an update: <see cref="TrainingProgress"/>,
    /// <see cref="RobustnessProgress"/>, <see cref="StudyProgress"/>, <see cref="V1PropertiesProgress"/>,
    /// <see cref="ExtractionProgress"/>, <see cref="NeuralBenchmarkProgress"/>, a <see cref="ProgressUpdate"/>
    /// itself, or a fraction (<see cref="double"/> in [0, 1]).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentException">Another type.</exception>
    public static ProgressUpdate From(object record) => record switch
    {
        ProgressUpdate u => u,
        TrainingProgress t => From(t),
        RobustnessProgress r => new ProgressUpdate(r.DisplayName, r.Done, r.Total, "cells"),
        StudyProgress s => From(s),
        V1PropertiesProgress v => new ProgressUpdate($"V1 properties: {v.Stage}", v.Done, v.Total, "presentations"),
        ExtractionProgress e => new ProgressUpdate("extracting activations", e.Images, e.Total, "images"),
        NeuralBenchmarkProgress n => new ProgressUpdate(n.Stage, n.Done, n.Total, "units"),
        double f => new ProgressUpdate("working", f * 100, 100, "%"),
        null => throw new ArgumentNullException(nameof(record)),
        _ => throw new ArgumentException($"No progress adapter for {record.GetType().Name}; pass a {nameof(ProgressUpdate)}.", nameof(record)),
    };

    /// <summary>A training report: the bar counts epochs (fractional within an epoch), the detail loss, accuracy and throughput.</summary>
    /// <param name="p">The trainer's report.</param>
    public static ProgressUpdate From(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double within = p.Phase == TrainingPhase.EpochCompleted ? 1 : p.Phase == TrainingPhase.Training && p.Batches > 0 ? (double)p.Batch / p.Batches : 1;
        double done = p.Epoch - 1 + within;
        // The trainer's test-phase reports carry no epoch total (0): the display keeps the last known one.
        string of = p.Epochs > 0 ? string.Create(CultureInfo.InvariantCulture, $" of {p.Epochs}") : "";
        string stage = p.Phase switch
        {
            TrainingPhase.Training => $"training, epoch {p.Epoch}{of}",
            TrainingPhase.Evaluating => $"testing after epoch {p.Epoch}{of}",
            _ => $"epoch {p.Epoch}{of} done",
        };
        string detail = p.Metrics is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"train loss {m.TrainLoss:0.000}, train accuracy {m.TrainAccuracy:P1}{(double.IsNaN(m.TestAccuracy) ? "" : $", test accuracy {m.TestAccuracy:P1}")}")
            : string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:0.000}, accuracy {p.Accuracy:P1}, {p.ImagesPerSecond:N0} images/s");
        return new ProgressUpdate(stage, done, p.Epochs, "epochs", detail);
    }

    /// <summary>A study report: the bar counts tasks (fractional within the running one), the stage names the model and what it does.</summary>
    /// <param name="p">The study runner's report.</param>
    public static ProgressUpdate From(StudyProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string stage = p.Task.Stage switch
        {
            StudyStage.Train => "training",
            StudyStage.Robustness => "robustness",
            StudyStage.V1Properties => "V1 properties",
            StudyStage.Neural => "neural benchmarks",
            _ => p.Task.Stage.ToString(),
        };
        bool finished = p.Message == StudyProgress.Finished;
        return new ProgressUpdate(string.Create(CultureInfo.InvariantCulture, $"{p.Task.Variant} (seed {p.Task.Seed}): {stage}{(finished ? " done" : "")}"),
            finished ? p.TasksDone : p.TasksDone + Math.Clamp(p.Fraction, 0, 1), p.TaskCount, "tasks",
            string.Create(CultureInfo.InvariantCulture, $"task {p.Task.Index + 1} of {p.TaskCount}"));
    }

    private static string Count(double value) => Math.Abs(value - Math.Round(value)) < 1e-9
        ? Math.Round(value).ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.0", CultureInfo.InvariantCulture);
}
