namespace BioVision.Experiments;

/// <summary>
/// The study as an ordered list of tasks, stage-major: first every model's training task, then every model's
/// robustness task, and so on. With M models, task <c>s·M + m</c> is stage s of model m, so each stage is a
/// contiguous block and a scheduler can run stage s of model m as soon as stage 0 of model m is done (Slurm's
/// <c>aftercorr</c> dependency between array jobs; see <see cref="SlurmScript"/>).
/// </summary>
public sealed record StudyPlan
{
    /// <summary>Variants in plan order.</summary>
    public required IReadOnlyList<StudyVariant> Variants { get; init; }

    /// <summary>Training seeds, each run for every variant.</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>Stages, in execution order (training first).</summary>
    public required IReadOnlyList<StudyStage> Stages { get; init; }

    /// <summary>Number of models (variants x seeds).</summary>
    public int ModelCount => Variants.Count * Seeds.Count;

    /// <summary>All tasks, stage-major.</summary>
    public IReadOnlyList<StudyTask> Tasks
    {
        get
        {
            var tasks = new List<StudyTask>(ModelCount * Stages.Count);
            foreach (var stage in Stages)
            {
                foreach (var variant in Variants)
                {
                    foreach (var seed in Seeds)
                    {
                        tasks.Add(new StudyTask(tasks.Count, variant.Name, seed, stage));
                    }
                }
            }

            return tasks;
        }
    }

    /// <summary>Builds and checks a plan.</summary>
    /// <param name="variants">Variants (distinct names).</param>
    /// <param name="seeds">Seeds (distinct, at least one).</param>
    /// <param name="stages">Stages (distinct; must start with <see cref="StudyStage.Train"/>).</param>
    /// <exception cref="ArgumentException">Empty lists, duplicates, or a plan that does not train first.</exception>
    public static StudyPlan Create(IReadOnlyList<StudyVariant> variants, IReadOnlyList<long> seeds, IReadOnlyList<StudyStage>? stages = null)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(seeds);
        stages ??= Enum.GetValues<StudyStage>();
        if (variants.Count == 0 || seeds.Count == 0 || stages.Count == 0)
        {
            throw new ArgumentException("A study needs at least one variant, one seed and one stage.");
        }

        foreach (var v in variants)
        {
            v.Validate();
        }

        string? dup = variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (dup is not null)
        {
            throw new ArgumentException($"Variant '{dup}' appears twice in the study.");
        }

        if (seeds.Distinct().Count() != seeds.Count)
        {
            throw new ArgumentException($"Seeds must be distinct (got {string.Join(", ", seeds)}).");
        }

        if (stages.Distinct().Count() != stages.Count || stages[0] != StudyStage.Train)
        {
            throw new ArgumentException($"Stages must be distinct and start with Train (got {string.Join(", ", stages)}).");
        }

        return new StudyPlan { Variants = [.. variants], Seeds = [.. seeds], Stages = [.. stages] };
    }

    /// <summary>The task with the given index.</summary>
    /// <param name="index">Task index.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such task (the message gives the valid range).</exception>
    public StudyTask Task(int index)
    {
        int count = ModelCount * Stages.Count;
        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The plan has tasks 0 to {count - 1}.");
        }

        int m = index % ModelCount;
        return new StudyTask(index, Variants[m / Seeds.Count].Name, Seeds[m % Seeds.Count], Stages[index / ModelCount]);
    }

    /// <summary>The training task of the model that <paramref name="task"/> belongs to.</summary>
    /// <param name="task">Any task of this plan.</param>
    public StudyTask TrainingTaskOf(StudyTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Task(task.Index % ModelCount);
    }

    /// <summary>The variant named <paramref name="name"/>.</summary>
    /// <param name="name">Variant name.</param>
    /// <exception cref="ArgumentException">No such variant.</exception>
    public StudyVariant Variant(string name) =>
        Variants.FirstOrDefault(v => v.Name == name) ?? throw new ArgumentException($"The plan has no variant '{name}' (it has {string.Join(", ", Variants.Select(v => v.Name))}).");
}
