namespace BioVision.Training;

/// <summary>
/// The small part of a checkpoint kept as JSON: where the weights and optimiser state are, how far the run got,
/// and what it needs to continue exactly as an uninterrupted run would.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>Epochs completed when the checkpoint was written.</summary>
    public int Epoch { get; init; }

    /// <summary>Total epochs of the run.</summary>
    public int Epochs { get; init; }

    /// <summary>The run's seed; resuming with another seed is refused.</summary>
    public long Seed { get; init; }

    /// <summary>The model's name (e.g. <c>SmallCnn</c>).</summary>
    public string Model { get; init; } = "";

    /// <summary>File (in the same folder) holding the model's state dict.</summary>
    public string ModelFile { get; init; } = "";

    /// <summary>File (in the same folder) holding the optimiser's state (momentum buffers, Adam moments, step counts).</summary>
    public string OptimizerFile { get; init; } = "";

    /// <summary>The schedule's state: the learning rate of the next epoch (the schedule is a function of the epoch).</summary>
    public double NextLearningRate { get; init; }

    /// <summary>
    /// The random state of the next epoch: the seed torch's global generator is set to when it starts. Data order and
    /// augmentation are derived from (seed, epoch, batch) and need no state of their own.
    /// </summary>
    public long NextEpochTorchSeed { get; init; }

    /// <summary>The run's recipe; resuming with another one is refused (null in checkpoints of older versions).</summary>
    public TrainingRecipe? Recipe { get; init; }

    /// <summary>Metrics of the completed epochs.</summary>
    public IReadOnlyList<EpochMetrics> History { get; init; } = [];
}
