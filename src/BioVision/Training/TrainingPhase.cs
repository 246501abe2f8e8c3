namespace BioVision.Training;

/// <summary>What the trainer is doing when it reports progress.</summary>
public enum TrainingPhase
{
    /// <summary>Training on a batch.</summary>
    Training,

    /// <summary>Evaluating on the test set.</summary>
    Evaluating,

    /// <summary>An epoch has finished (metrics and checkpoint written).</summary>
    EpochCompleted,
}
