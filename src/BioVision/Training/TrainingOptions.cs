using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Devices;

namespace BioVision.Training;

/// <summary>
/// The training recipe. Defaults follow the VOneNet ImageNet recipe (dicarlolab/vonenet <c>train.py</c>: SGD,
/// lr 0.1, momentum 0.9, weight decay 1e-4, step decay by 0.1 every 20 epochs, 70 epochs, batch 256); change them
/// with <c>with { ... }</c> for small runs.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Number of epochs. Default 70.</summary>
    public int Epochs { get; init; } = 70;

    /// <summary>Images per training batch. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Images per evaluation batch. Default 256.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Base learning rate. Default 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The optimiser. Default <see cref="OptimizerKind.Sgd"/>.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>SGD momentum. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Whether SGD uses Nesterov momentum. Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay (L2 for SGD, decoupled for AdamW). Default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>The learning-rate schedule. Default <see cref="ScheduleKind.Step"/>.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Step;

    /// <summary>Epochs between decays of the step schedule. Default 20.</summary>
    public int StepSize { get; init; } = 20;

    /// <summary>Decay factor of the step schedule. Default 0.1.</summary>
    public double StepGamma { get; init; } = 0.1;

    /// <summary>Label smoothing epsilon in [0, 1): the target puts 1 - eps on the label and eps spread over all classes. Default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Seed of weight initialisation, data order, augmentation and every random draw in training. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>The device. Default automatic (see <see cref="DeviceSelector"/>).</summary>
    public DeviceRequest Device { get; init; } = DeviceRequest.Auto;

    /// <summary>Folder for metrics and checkpoints; null writes nothing. Default null.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// Intra-op threads libtorch uses on the CPU during <see cref="Trainer.Fit"/> (restored afterwards); null leaves
    /// libtorch's setting (all cores). Default null.
    /// </summary>
    public int? CpuThreads { get; init; }

    /// <summary>Whether to continue from the checkpoint in <see cref="OutputDirectory"/> when one exists. Default false.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Whether a fresh run (not <see cref="Resume"/>) may replace the checkpoint and metrics of an earlier run in
    /// <see cref="OutputDirectory"/>; without it such a folder is refused. Default false.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Whether <see cref="Resume"/> may continue a checkpoint written with another recipe (<see cref="TrainingRecipe"/>);
    /// without it a mismatch is an error naming the field. Default false.
    /// </summary>
    public bool AllowRecipeChange { get; init; }

    /// <summary>Augmentation applied to training batches; null for none. Default null.</summary>
    public IImageTransform? TrainTransform { get; init; }

    /// <summary>Transform applied to training and evaluation batches after augmentation (e.g. normalisation); null for none. Default null.</summary>
    public IImageTransform? InputTransform { get; init; }

    /// <summary>Adversarial training: each training batch is replaced by its perturbation; null trains on clean images. Default null.</summary>
    public IAdversarialTrainingStep? Adversarial { get; init; }

    /// <summary>
    /// Where the training and test data came from (null: not known, e.g. data built in memory). Recorded in the recipe
    /// (<see cref="TrainingRecipe.Dataset"/>): a resume on another dataset is refused, and evaluating commands
    /// (<c>biovision robustness</c>) open the same test split by default. The trainer does not open it; the caller passes
    /// the splits it opened from it.
    /// </summary>
    public DatasetSource? Dataset { get; init; }

    /// <summary>The largest learning rate <see cref="Validate"/> accepts (10: far above any working SGD/AdamW rate; larger values are typing mistakes).</summary>
    public const double MaxLearningRate = 10;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1 || BatchSize < 1 || EvaluationBatchSize < 1 || StepSize < 1)
        {
            throw new ArgumentException($"Epochs ({Epochs}), batch sizes ({BatchSize}, {EvaluationBatchSize}) and step size ({StepSize}) must be positive.");
        }

        if (!(LearningRate > 0) || !(LearningRate <= MaxLearningRate))
        {
            throw new ArgumentException($"The learning rate must be positive and at most {MaxLearningRate}, got {LearningRate}.");
        }

        if (CpuThreads is < 1)
        {
            throw new ArgumentException($"CPU threads must be at least 1, got {CpuThreads}.");
        }

        if (Resume && Overwrite)
        {
            throw new ArgumentException("Resume and Overwrite exclude each other.");
        }

        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
        {
            throw new ArgumentException($"Label smoothing must lie in [0, 1), got {LabelSmoothing}.");
        }

        if (!(WeightDecay >= 0) || !(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentException($"Weight decay ({WeightDecay}) must be non-negative and momentum ({Momentum}) in [0, 1).");
        }
    }
}
