using BioVision.Runs;
using System.Text.Json;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>
/// Runs the tasks of a study, each at most once: a task whose result exists is skipped, so the study resumes after a
/// kill at any point (a half-trained model resumes from its last epoch checkpoint, a half-done robustness evaluation
/// from its finished cells). Local runs execute the plan in order; a scheduler runs single tasks
/// (<see cref="RunTask"/>) in any order that trains a model before evaluating it.
/// </summary>
public sealed class StudyRunner
{
    /// <summary>File name of the study definition inside the study folder.</summary>
    public const string DefinitionFile = "study.json";

    private StudyRunner(StudyContext context) => Context = context;

    /// <summary>The study.</summary>
    public StudyContext Context { get; }

    /// <summary>
    /// The version of the study's rules (stages, measures); part of the study's fingerprint. 2: the one model-input
    /// resize (<see cref="BioVision.Data.Transforms.ImageResize"/>) in the V1 stage's gratings and the neural stage's stimuli.
    /// </summary>
    public const int ImplementationVersion = 2;

    /// <summary>
    /// Opens (or creates) a study folder for <paramref name="plan"/> and <paramref name="options"/>. The folder is a
    /// <see cref="RunStore"/> bound to the fingerprint of the study definition (plan and settings): a folder created for
    /// another plan or other settings is refused with a <see cref="RunMismatchException"/> naming the first setting that
    /// differs, so cached results never mix two studies. A folder written before stores had manifests is checked against
    /// its <c>study.json</c> the same way and then adopted.
    /// </summary>
    /// <param name="directory">The study folder.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="options">The shared settings.</param>
    /// <param name="overwrite">Discard what the folder holds (every model and result) and start afresh.</param>
    /// <exception cref="RunMismatchException">The folder holds another study.</exception>
    public static StudyRunner Open(string directory, StudyPlan plan, StudyOptions options, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var runStore = RunStore.Open(directory, overwrite, DefinitionFile);
        var store = new StudyStore(runStore.Directory);
        string path = Path.Combine(store.Directory, DefinitionFile);
        var definition = new StudyDefinition(plan, options.Validate());
        var fingerprint = FingerprintOf(definition);
        if (!runStore.HasManifest && File.Exists(path))
        {
            StudyDefinition? legacy;
            try
            {
                legacy = JsonSerializer.Deserialize(File.ReadAllText(path), ExperimentsJsonContext.Default.StudyDefinition);
            }
            catch (JsonException e)
            {
                throw new RunMismatchException(store.Directory, "study", $"its {DefinitionFile} is not a readable study definition ({e.Message})");
            }

            if (legacy is null)
            {
                throw new RunMismatchException(store.Directory, "study", $"its {DefinitionFile} is empty");
            }

            if (fingerprint.FirstDifference(FingerprintOf(legacy)) is { } difference)
            {
                throw new RunMismatchException(store.Directory, "study", difference);
            }
        }

        runStore.Bind("study", fingerprint);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(definition, ExperimentsJsonContext.Default.StudyDefinition));
        }

        return new StudyRunner(new StudyContext(store, plan, options));
    }

    /// <summary>The identity of a study: the rules' version and the definition (plan and settings) as JSON.</summary>
    /// <param name="definition">The definition.</param>
    public static Fingerprint FingerprintOf(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new FingerprintBuilder()
            .AddText("rules", "study v" + ImplementationVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .AddJson("study", definition, ExperimentsJsonContext.Default.StudyDefinition)
            .Build();
    }

    /// <summary>Opens an existing study folder with the plan and settings it was created with.</summary>
    /// <param name="directory">The study folder.</param>
    /// <exception cref="InvalidOperationException">The folder holds no study, or its definition is unreadable (the message names the file).</exception>
    public static StudyRunner OpenExisting(string directory)
    {
        var store = new StudyStore(directory);
        string path = Path.Combine(store.Directory, DefinitionFile);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{store.Directory} holds no study ({DefinitionFile} is missing); write one with `biovision reproduce --plan`.");
        }

        StudyDefinition definition;
        try
        {
            definition = JsonSerializer.Deserialize(File.ReadAllText(path), ExperimentsJsonContext.Default.StudyDefinition)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a valid study definition: {e.Message}", e);
        }

        return new StudyRunner(new StudyContext(store, definition.Plan, definition.Options));
    }

    /// <summary>Runs task <paramref name="index"/> unless it is done; returns its result.</summary>
    /// <param name="index">Task index in the plan.</param>
    /// <param name="progress">Receives progress of the task.</param>
    /// <param name="cancellationToken">Stops the task at its next safe point (what is finished is kept).</param>
    /// <exception cref="InvalidOperationException">A later stage of a model whose training is not done.</exception>
    public StageResult RunTask(int index, IProgress<StudyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var task = Context.Plan.Task(index);
        var store = Context.Store;
        if (store.IsDone(task))
        {
            return store.Load(task, ExperimentsJsonContext.Default.StageResult);
        }

        var train = Context.Plan.TrainingTaskOf(task);
        if (task.Stage != StudyStage.Train && !store.IsDone(train))
        {
            throw new InvalidOperationException($"Task {task} needs model {task.ModelId} trained: run task {train.Index} ({train.Id}) first.");
        }

        int done = Context.Plan.Tasks.Count(store.IsDone);
        int count = Context.Plan.ModelCount * Context.Plan.Stages.Count;
        var fraction = progress is null ? null : new InlineProgress<double>(f => progress.Report(new StudyProgress(task, done, count, f, task.Id)));
        progress?.Report(new StudyProgress(task, done, count, 0, task.Id));
        var result = task.Stage switch
        {
            StudyStage.Train => TrainStage.Run(Context, task, fraction, cancellationToken),
            StudyStage.Robustness => RobustnessStage.Run(Context, task, fraction, cancellationToken),
            StudyStage.V1Properties => V1PropertiesStage.Run(Context, task, fraction, cancellationToken),
            StudyStage.Neural => NeuralStage.Run(Context, task, fraction, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown stage {task.Stage}."),
        };
        store.Save(task, result, ExperimentsJsonContext.Default.StageResult);
        progress?.Report(new StudyProgress(task, done + 1, count, 1, StudyProgress.Finished));
        return result;
    }

    /// <summary>Runs every task that is not done, in plan order (all training first).</summary>
    /// <param name="progress">Receives progress per task.</param>
    /// <param name="cancellationToken">Stops between tasks or inside one at its next safe point.</param>
    public void RunAll(IProgress<StudyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var task in Context.Plan.Tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunTask(task.Index, progress, cancellationToken);
        }
    }

    /// <summary>The tasks whose results are missing.</summary>
    public IReadOnlyList<StudyTask> Missing() => [.. Context.Plan.Tasks.Where(t => !Context.Store.IsDone(t))];

    /// <summary>
    /// Every model whose stages are all done, as named measures: clean accuracy from training, robustness measures
    /// (plus <c>mce</c> and <c>relative-mce</c> against the family's baseline, averaged over its seeds, when the
    /// baseline and corruptions were run), and brain scores from the V1 and neural stages.
    /// </summary>
    public IReadOnlyList<ModelMeasures> Measures()
    {
        var plan = Context.Plan;
        var rows = new List<ModelMeasures>();
        for (int m = 0; m < plan.ModelCount; m++)
        {
            var tasks = plan.Stages.Select((_, s) => plan.Task((s * plan.ModelCount) + m)).ToList();
            if (!tasks.All(Context.Store.IsDone))
            {
                continue;
            }

            var results = tasks.Select(t => Context.Store.Load(t, ExperimentsJsonContext.Default.StageResult)).ToList();
            var robust = new Dictionary<string, double>(StringComparer.Ordinal);
            var brain = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var r in results.Where(r => r.Stage == StudyStage.Robustness))
            {
                foreach (var (k, v) in r.Measures)
                {
                    robust[k] = v;
                }
            }

            foreach (var r in results.Where(r => r.Stage is StudyStage.V1Properties or StudyStage.Neural))
            {
                foreach (var (k, v) in r.Measures)
                {
                    brain[k] = v;
                }
            }

            rows.Add(new ModelMeasures(tasks[0].Variant, tasks[0].Seed, results[0].Measures["clean"], robust, brain));
        }

        return AddCorruptionErrors(rows, StudyFamily.BaselineName);
    }

    /// <summary>
    /// Adds mCE and relative mCE (Hendrycks &amp; Dietterich 2019) to each model: for every corruption c, the model's
    /// error averaged over severities divided by the baseline's (averaged over the baseline's seeds); mCE is the mean
    /// over corruptions. Relative mCE uses the drop from clean error instead of the error.
    /// </summary>
    /// <param name="rows">Measures with <c>corruption:&lt;name&gt;</c> accuracies and <c>robust-clean</c>.</param>
    /// <param name="baseline">The reference variant.</param>
    public static IReadOnlyList<ModelMeasures> AddCorruptionErrors(IReadOnlyList<ModelMeasures> rows, string baseline)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var reference = rows.Where(r => r.Variant == baseline).ToList();
        var names = reference.SelectMany(r => r.Robustness.Keys).Where(k => k.StartsWith("corruption:", StringComparison.Ordinal)).Distinct().ToList();
        if (reference.Count == 0 || names.Count == 0)
        {
            return rows;
        }

        double baseClean = 1 - reference.Average(r => r.Robustness.GetValueOrDefault("robust-clean", double.NaN));
        var baseError = names.ToDictionary(n => n, n => 1 - reference.Average(r => r.Robustness.GetValueOrDefault(n, double.NaN)));
        return [.. rows.Select(r =>
        {
            if (!names.All(r.Robustness.ContainsKey))
            {
                return r;
            }

            // A corruption the baseline never gets wrong (error 0), or whose error equals its clean error (no drop),
            // has no defined CE or relative CE; it is left out of that mean rather than turning it into NaN or infinity.
            double clean = 1 - r.Robustness.GetValueOrDefault("robust-clean", double.NaN);
            var ce = names.Where(n => baseError[n] > 0).Select(n => (1 - r.Robustness[n]) / baseError[n]).ToList();
            var relative = names.Where(n => baseError[n] - baseClean > 0).Select(n => ((1 - r.Robustness[n]) - clean) / (baseError[n] - baseClean)).ToList();
            var robust = new Dictionary<string, double>(r.Robustness, StringComparer.Ordinal);
            if (ce.Count > 0 && ce.All(double.IsFinite))
            {
                robust["mce"] = ce.Average();
            }

            if (relative.Count > 0 && relative.All(double.IsFinite))
            {
                robust["relative-mce"] = relative.Average();
            }

            return r with { Robustness = robust };
        })];
    }

    /// <summary>The report of what is done so far: the analysis of every complete model and the list of missing tasks.</summary>
    /// <param name="analysis">Analysis settings (defaults when null).</param>
    public StudyReport Report(StudyAnalysisOptions? analysis = null)
    {
        var measures = Measures();
        return new StudyReport(
            new StudyDefinition(Context.Plan, Context.Options),
            measures.Count == 0 ? null : StudyAnalysis.Analyze(measures, analysis),
            [.. Missing().Select(t => t.Id)]);
    }
}
