namespace BioVision.Training;

/// <summary>How the learning rate changes from epoch to epoch.</summary>
public enum ScheduleKind
{
    /// <summary>The base rate throughout.</summary>
    Constant,

    /// <summary>Cosine annealing from the base rate to zero over the run: lr(e) = lr0 (1 + cos(pi e / E)) / 2.</summary>
    Cosine,

    /// <summary>Multiply by <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepSize"/> epochs.</summary>
    Step,
}
