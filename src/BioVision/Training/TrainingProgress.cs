using System.Globalization;
using BioVision.Runs;

namespace BioVision.Training;

/// <summary>A progress report from <see cref="Trainer"/> (a <see cref="RunProgress"/> counting epochs); the trainer never writes to the console itself.</summary>
/// <param name="Phase">What is happening.</param>
/// <param name="Epoch">One-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Batch">Batches done in this phase.</param>
/// <param name="Batches">Batches in this phase.</param>
/// <param name="Loss">Mean loss so far in this phase.</param>
/// <param name="Accuracy">Accuracy so far in this phase, in [0, 1].</param>
/// <param name="ImagesPerSecond">Throughput so far in this phase.</param>
/// <param name="Metrics">The epoch's metrics, set when <paramref name="Phase"/> is <see cref="TrainingPhase.EpochCompleted"/>.</param>
public sealed record TrainingProgress(
    TrainingPhase Phase, int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double ImagesPerSecond, EpochMetrics? Metrics = null)
    : RunProgress(StageOf(Phase, Epoch, Epochs), DoneOf(Phase, Epoch, Batch, Batches), Epochs, "epochs", DetailOf(Loss, Accuracy, ImagesPerSecond, Metrics))
{
    // The bar counts epochs (fractional within an epoch). The trainer's test-phase reports carry no epoch total (0):
    // displays keep the last known one.
    private static string StageOf(TrainingPhase phase, int epoch, int epochs)
    {
        string of = epochs > 0 ? string.Create(CultureInfo.InvariantCulture, $" of {epochs}") : "";
        return phase switch
        {
            TrainingPhase.Training => $"training, epoch {epoch}{of}",
            TrainingPhase.Evaluating => $"testing after epoch {epoch}{of}",
            _ => $"epoch {epoch}{of} done",
        };
    }

    private static double DoneOf(TrainingPhase phase, int epoch, int batch, int batches) =>
        epoch - 1 + (phase == TrainingPhase.EpochCompleted ? 1 : phase == TrainingPhase.Training && batches > 0 ? (double)batch / batches : 1);

    private static string DetailOf(double loss, double accuracy, double imagesPerSecond, EpochMetrics? metrics) => metrics is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"train loss {m.TrainLoss:0.000}, train accuracy {m.TrainAccuracy:P1}{(double.IsNaN(m.TestAccuracy) ? "" : $", test accuracy {m.TestAccuracy:P1}")}")
        : string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.000}, accuracy {accuracy:P1}, {imagesPerSecond:N0} images/s");
}
