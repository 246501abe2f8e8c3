using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;

namespace BioVision.Experiments;

/// <summary>
/// The settings shared by every model of a study: data, backbone and width, training recipe and evaluation sizes.
/// Defaults give the reduced study on the built-in procedural data (minutes on two cores); the full study sets
/// <see cref="Dataset"/> to Fashion-MNIST, more epochs and larger evaluation sets.
/// </summary>
public sealed record StudyOptions
{
    /// <summary>Training data (default: the built-in procedural data set, no files needed).</summary>
    public DatasetKind Dataset { get; init; } = DatasetKind.Procedural;

    /// <summary>Folder of the data set (null: the data set's default location).</summary>
    public string? DataPath { get; init; }

    /// <summary>Seed of the data (procedural images and subsets); the same for every model, so models differ only by their own seed.</summary>
    public long DataSeed { get; init; }

    /// <summary>Training images used (null: all).</summary>
    public int? TrainLimit { get; init; } = 2000;

    /// <summary>Test images for clean accuracy (null: all).</summary>
    public int? TestLimit { get; init; } = 500;

    /// <summary>Backbone shared by every variant.</summary>
    public BackboneKind Backbone { get; init; } = BackboneKind.SmallCnn;

    /// <summary>Backbone width shared by every variant.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Training seeds, each run for every variant.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0, 1];

    /// <summary>Training epochs.</summary>
    public int Epochs { get; init; } = 2;

    /// <summary>Training batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Base learning rate (SGD with momentum 0.9, cosine schedule, weight decay 5e-4: the CLI's short recipe).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>L-infinity radius of the fast-FGSM adversarial training on the [0, 1] pixel scale.</summary>
    public double AdversarialEpsilon { get; init; } = 4.0 / 255;

    /// <summary>Test images attacked and corrupted by the robustness stage (the first ones of the test set, the same for every model).</summary>
    public int RobustnessImages { get; init; } = 32;

    /// <summary>Iterations of PGD and APGD (the VOneNet protocol uses 64).</summary>
    public int AttackSteps { get; init; } = 8;

    /// <summary>L-infinity radii of the attacks on the [0, 1] pixel scale.</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [1.0 / 255, 4.0 / 255, 16.0 / 255];

    /// <summary>The eps of the white-box measure the claims use (one of <see cref="Epsilons"/>).</summary>
    public double WhiteBoxEpsilon { get; init; } = 4.0 / 255;

    /// <summary>Corruption severities evaluated (all 15 corruptions at each); empty for none.</summary>
    public IReadOnlyList<int> CorruptionSeverities { get; init; } = [3];

    /// <summary>Queries of the gradient-free Square attack of the sanity checks.</summary>
    public int SquareQueries { get; init; } = 50;

    /// <summary>Noise draws for attack gradients (EOT) on stochastic models.</summary>
    public int EotSamples { get; init; } = 2;

    /// <summary>Noise draws for scoring stochastic models (expected accuracy).</summary>
    public int ScoringDraws { get; init; } = 8;

    /// <summary>Trials averaged per stimulus for stochastic models in the brain benchmarks (1 keeps the default run within
    /// minutes: each V1 property stimulus is then one noisy trial; use 4 or more for a study whose V1 scores are compared).</summary>
    public int BrainTrials { get; init; } = 1;

    /// <summary>Units measured per layer by the V1 property benchmarks (sub-sampled, seeded).</summary>
    public int V1Units { get; init; } = 256;

    /// <summary>Images per Cowley V4 session used by the neural benchmarks (null: all).</summary>
    public int? V4Images { get; init; } = 400;

    /// <summary>Run the neural benchmarks on recorded data (needs ../shared/data or BIOVISION_DATA).</summary>
    public bool NeuralData { get; init; }

    /// <summary>The recorded data sets the neural stage scores (default all: IT on the 92 images, Algonauts, V4, mouse V1).</summary>
    public BioVision.Benchmarks.Neural.NeuralSets NeuralSets { get; init; } = BioVision.Benchmarks.Neural.NeuralSets.All;

    /// <summary>Device for every stage.</summary>
    public DeviceRequest Device { get; init; } = DeviceRequest.Auto;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A count is not positive, no seeds, or a negative eps (the message names the option).</exception>
    public StudyOptions Validate()
    {
        if (Width < 1 || Epochs < 1 || BatchSize < 1 || RobustnessImages < 1 || AttackSteps < 1 || SquareQueries < 1 || EotSamples < 1 || ScoringDraws < 1 || BrainTrials < 1 || V1Units < 1 || V4Images < 1)
        {
            throw new ArgumentException("Width, epochs, batch size, robustness images, attack steps, EOT samples, scoring draws, brain trials, V1 units and V4 images must be positive.");
        }

        if (Epsilons.Count == 0 || Epsilons.Any(e => !(e > 0 && e <= 1)) || !Epsilons.Contains(WhiteBoxEpsilon))
        {
            throw new ArgumentException($"Attack eps must lie in (0, 1] and include the white-box eps {WhiteBoxEpsilon} (got {string.Join(", ", Epsilons)}).");
        }

        if (CorruptionSeverities.Any(s => s is < 1 or > 5))
        {
            throw new ArgumentException($"Corruption severities lie in 1..5 (got {string.Join(", ", CorruptionSeverities)}).");
        }

        if (TrainLimit < 1 || TestLimit < 1)
        {
            throw new ArgumentException("Train and test limits must be positive when given.");
        }

        if (Seeds.Count == 0 || Seeds.Distinct().Count() != Seeds.Count)
        {
            throw new ArgumentException($"A study needs distinct seeds (got {string.Join(", ", Seeds)}).");
        }

        if (!(AdversarialEpsilon >= 0 && AdversarialEpsilon <= 1) || !(LearningRate > 0 && LearningRate < 10))
        {
            throw new ArgumentException($"Adversarial eps must lie in [0, 1] and the learning rate in (0, 10) (got {AdversarialEpsilon}, {LearningRate}).");
        }

        return this;
    }
}
