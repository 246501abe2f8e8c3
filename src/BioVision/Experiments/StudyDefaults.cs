using BioVision.Data;

namespace BioVision.Experiments;

/// <summary>
/// The study's defaults per dataset, the same for the CLI (<c>biovision reproduce</c>), notebooks and library users: the
/// reduced study on procedural data (fits a laptop in minutes) and the full study on Fashion-MNIST.
/// </summary>
public static class StudyDefaults
{
    /// <summary>The variants of the reduced (procedural) study: baseline, VOne with and without noise, and the adversarially trained pair.</summary>
    public static IReadOnlyList<string> ReducedVariants { get; } = ["baseline", "vone", "vone-nonoise", "adv-rot", "vone-adv"];

    /// <summary>The settings of the study on <paramref name="dataset"/> (the reduced study on procedural data, the full one on Fashion-MNIST).</summary>
    /// <param name="dataset">Procedural or Fashion-MNIST.</param>
    /// <exception cref="ArgumentException">Another dataset.</exception>
    public static StudyOptions Options(DatasetKind dataset)
    {
        bool small = dataset switch
        {
            DatasetKind.Procedural => true,
            DatasetKind.FashionMnist => false,
            _ => throw new ArgumentException($"The study runs on procedural or fashion-mnist data, not {dataset}.", nameof(dataset)),
        };
        return new StudyOptions
        {
            Dataset = dataset,
            Epochs = small ? 2 : 3,
            TrainLimit = small ? 2000 : null,
            TestLimit = small ? 500 : 2000,
            RobustnessImages = small ? 32 : 200,
            AttackSteps = small ? 8 : 32,
            EotSamples = small ? 2 : 4,
            CorruptionSeverities = small ? [3] : [1, 2, 3, 4, 5],
            ScoringDraws = small ? 8 : 16,
            SquareQueries = small ? 50 : 100,
            BrainTrials = small ? 1 : 4,
            V4Images = 400,
        };
    }

    /// <summary>The variants of the study on <paramref name="dataset"/>: <see cref="ReducedVariants"/> on procedural data, the whole <see cref="StudyFamily.Standard"/> family otherwise.</summary>
    /// <param name="dataset">The dataset.</param>
    public static IReadOnlyList<StudyVariant> Variants(DatasetKind dataset)
    {
        var family = StudyFamily.Standard();
        return dataset == DatasetKind.Procedural ? [.. family.Where(v => ReducedVariants.Contains(v.Name))] : family;
    }

    /// <summary>The stages a study runs: training, robustness and the V1 properties, plus the neural benchmarks when <paramref name="neural"/>.</summary>
    /// <param name="neural">Whether the recorded neural data is scored.</param>
    public static IReadOnlyList<StudyStage> Stages(bool neural) => neural
        ? [StudyStage.Train, StudyStage.Robustness, StudyStage.V1Properties, StudyStage.Neural]
        : [StudyStage.Train, StudyStage.Robustness, StudyStage.V1Properties];

    /// <summary>The default study on <paramref name="dataset"/> as a plan and its settings.</summary>
    /// <param name="dataset">Procedural or Fashion-MNIST.</param>
    public static (StudyPlan Plan, StudyOptions Options) Study(DatasetKind dataset)
    {
        var options = Options(dataset).Validate();
        return (StudyPlan.Create(Variants(dataset), options.Seeds, Stages(options.NeuralData)), options);
    }
}
