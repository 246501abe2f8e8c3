namespace BioVision.Training;

/// <summary>
/// The learning rate of each epoch as a pure function of the options and the epoch index, so the schedule's state
/// is the epoch alone and a resumed run uses exactly the rates of an uninterrupted one.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate for zero-based epoch <paramref name="epoch"/>.</summary>
    /// <param name="options">The training options (base rate, schedule, epochs, step settings).</param>
    /// <param name="epoch">Zero-based epoch.</param>
    public static double Rate(TrainingOptions options, int epoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return options.Schedule switch
        {
            ScheduleKind.Constant => options.LearningRate,
            ScheduleKind.Cosine => options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs)),
            ScheduleKind.Step => options.LearningRate * Math.Pow(options.StepGamma, epoch / Math.Max(1, options.StepSize)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Schedule, "Unknown schedule."),
        };
    }
}
