using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Stochastic;
using BioVision.Training;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Experiments;

/// <summary>
/// What every stage of a study needs: the plan, the options, the store, the device, the data (loaded once), and the
/// one way a variant becomes a model spec and a training recipe.
/// </summary>
public sealed class StudyContext
{
    private readonly Lazy<(IImageDataset Train, IImageDataset Test)> _data;

    /// <summary>Creates the context (the data are loaded on first use).</summary>
    /// <param name="store">The study folder.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="options">The shared settings.</param>
    public StudyContext(StudyStore store, StudyPlan plan, StudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        Store = store;
        Plan = plan;
        Options = options.Validate();
        Device = DeviceSelector.Select(options.Device);
        _data = new Lazy<(IImageDataset, IImageDataset)>(() =>
        {
            var (train, test) = DatasetCatalog.Open(Options.Dataset, Options.DataPath, Options.DataSeed);
            return (DatasetCatalog.Limit(train, Options.TrainLimit), DatasetCatalog.Limit(test, Options.TestLimit));
        });
    }

    /// <summary>The study folder.</summary>
    public StudyStore Store { get; }

    /// <summary>The plan.</summary>
    public StudyPlan Plan { get; }

    /// <summary>The shared settings.</summary>
    public StudyOptions Options { get; }

    /// <summary>The device every stage runs on.</summary>
    public Device Device { get; }

    /// <summary>Training images (limited to <see cref="StudyOptions.TrainLimit"/>).</summary>
    public IImageDataset Train => _data.Value.Train;

    /// <summary>Test images (limited to <see cref="StudyOptions.TestLimit"/>).</summary>
    public IImageDataset Test => _data.Value.Test;

    /// <summary>The model spec of a variant: the family's backbone and width, and the variant's V1 block.</summary>
    /// <param name="variant">The variant.</param>
    public ModelSpec Spec(StudyVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var spec = ModelSpec.ForDataset(Train, Options.Backbone, variant.VOne, Options.Width) with { FrontEnd = variant.FrontEnd };
        if (!variant.VOne)
        {
            return spec;
        }

        var block = ModelFactory.BlockFor(spec);
        spec = spec with
        {
            VOneBlock = block with
            {
                SimpleChannels = variant.SimpleChannels ?? block.SimpleChannels,
                ComplexChannels = variant.ComplexChannels ?? block.ComplexChannels,
            },
        };
        return ModelFactory.WithNoise(spec, variant.Noise, NoiseControl.AlwaysOn, variant.NoiseScale);
    }

    /// <summary>The training recipe of a variant and seed (the same for every variant but its adversarial step and augmentation).</summary>
    /// <param name="variant">The variant.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="outputDirectory">The run folder (checkpoints; resumed when it holds one).</param>
    public TrainingOptions Recipe(StudyVariant variant, long seed, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return new TrainingOptions
        {
            Epochs = Options.Epochs,
            BatchSize = Options.BatchSize,
            LearningRate = Options.LearningRate,
            Optimizer = OptimizerKind.Sgd,
            Schedule = ScheduleKind.Cosine,
            WeightDecay = 5e-4,
            Seed = seed,
            Device = Options.Device,
            OutputDirectory = outputDirectory,
            Resume = TrainingCheckpoint.TryRead(outputDirectory) is not null,

            // A folder without a checkpoint holds at most a run killed before its first epoch ended: start it again.
            Overwrite = TrainingCheckpoint.TryRead(outputDirectory) is null,
            TrainTransform = variant.Rotation ? new RandomRightAngleRotation() : null,
            Adversarial = variant.Adversarial == StudyAdversarialTraining.FgsmRandomStart ? PgdStep.FgsmRandomStart(Options.AdversarialEpsilon) : null,
            Dataset = DatasetSource.Of(Options.Dataset, Options.DataPath, Options.DataSeed),
        };
    }

    /// <summary>
    /// Builds the trained model of <paramref name="task"/>'s model from its run folder through the one loader
    /// (<see cref="TrainedModel.Open"/>), in evaluation mode, with its spec and description read once from the checkpoint.
    /// </summary>
    /// <param name="task">Any task of the model.</param>
    /// <exception cref="InvalidOperationException">The model has not been trained (the message names the training task).</exception>
    public LoadedModel LoadTrained(StudyTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var train = Plan.TrainingTaskOf(task);
        if (!Store.IsDone(train))
        {
            throw new InvalidOperationException($"Model {task.ModelId} is not trained yet: run task {train.Index} ({train.Id}) first.");
        }

        return TrainedModel.Open(Store.RunDirectory(task), Device);
    }

    /// <summary>The first <paramref name="count"/> test images and labels as tensors on the study's device.</summary>
    /// <param name="count">Number of images (at most the test set's size).</param>
    public (Tensor Images, Tensor Labels) TestBatch(int count)
    {
        int n = Math.Min(count, Test.Count);
        var images = new Tensor[n];
        var labels = new long[n];
        using var scope = NewDisposeScope();
        for (int i = 0; i < n; i++)
        {
            images[i] = Test.GetImage(i);
            labels[i] = Test.GetLabel(i);
        }

        var x = stack(images).to(Device);
        var y = tensor(labels, device: Device);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}
