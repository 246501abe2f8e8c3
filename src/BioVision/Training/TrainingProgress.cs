namespace BioVision.Training;

/// <summary>A progress report from <see cref="Trainer"/>; the trainer never writes to the console itself.</summary>
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
    TrainingPhase Phase, int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double ImagesPerSecond, EpochMetrics? Metrics = null);
