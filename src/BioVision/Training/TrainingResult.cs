using System.Globalization;
using System.Text;

namespace BioVision.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="Model">A description of the model trained.</param>
/// <param name="History">Metrics of every completed epoch, including those restored from a checkpoint.</param>
/// <param name="Completed">False when the run was cancelled before its last epoch.</param>
/// <param name="ResumedFromEpoch">The number of epochs restored from a checkpoint (0 for a fresh run).</param>
public sealed record TrainingResult(string Model, IReadOnlyList<EpochMetrics> History, bool Completed, int ResumedFromEpoch)
{
    /// <summary>Test accuracy after the last completed epoch (NaN when none).</summary>
    public double FinalTestAccuracy => History.Count == 0 ? double.NaN : History[^1].TestAccuracy;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Model}: {History.Count} epoch(s){(Completed ? "" : " (stopped early)")}{(ResumedFromEpoch > 0 ? $", resumed after epoch {ResumedFromEpoch}" : "")}").AppendLine();
        text.AppendLine("epoch  lr          train loss  train acc  test loss  test acc  img/s");
        foreach (var m in History)
        {
            text.Append(CultureInfo.InvariantCulture, $"{m.Epoch,5}  {m.LearningRate,-10:G4}  {m.TrainLoss,10:F4}  {m.TrainAccuracy,9:P2}  {m.TestLoss,9:F4}  {m.TestAccuracy,8:P2}  {m.ImagesPerSecond,5:F0}").AppendLine();
        }

        return text.ToString();
    }
}
