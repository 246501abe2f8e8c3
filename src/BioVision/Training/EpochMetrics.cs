using System.Globalization;

namespace BioVision.Training;

/// <summary>What one epoch achieved.</summary>
/// <param name="Epoch">One-based epoch.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="TrainLoss">Mean training loss (on the images trained on, adversarial if enabled).</param>
/// <param name="TrainAccuracy">Training accuracy in [0, 1].</param>
/// <param name="TestLoss">Mean clean test loss; NaN without a test set.</param>
/// <param name="TestAccuracy">Clean test accuracy in [0, 1]; NaN without a test set.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
/// <param name="Seconds">Wall time of the epoch (training and evaluation).</param>
public sealed record EpochMetrics(
    int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double ImagesPerSecond, double Seconds)
{
    /// <summary>The CSV header matching <see cref="ToCsvRow"/>.</summary>
    public const string CsvHeader = "epoch,learning_rate,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds";

    /// <summary>One CSV row (invariant culture, round-trip precision).</summary>
    public string ToCsvRow() => string.Join(',', new[] { Epoch.ToString(CultureInfo.InvariantCulture) }
        .Concat(new[] { LearningRate, TrainLoss, TrainAccuracy, TestLoss, TestAccuracy, ImagesPerSecond, Seconds }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch,3}  lr {LearningRate:G4}  train loss {TrainLoss:F4} acc {TrainAccuracy:P2}  test loss {TestLoss:F4} acc {TestAccuracy:P2}  {ImagesPerSecond:F0} img/s  {Seconds:F1} s");
}
