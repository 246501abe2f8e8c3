using BioVision.Stochastic;
using System.Diagnostics;
using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Devices;
using BioVision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Trains a classifier: SGD or AdamW (TorchSharp's <c>torch.optim</c>, see <see cref="TrainingOptimizer"/>), a per-epoch learning-rate schedule, label smoothing, optional adversarial
/// training, evaluation after every epoch, metrics (<c>metrics.csv</c>/<c>.json</c>) and a checkpoint per epoch.
/// On the CPU with one intra-op thread (<see cref="TrainingOptions.CpuThreads"/> = 1) a run is deterministic for a given
/// seed, and a run resumed from a checkpoint ends with the same weights
/// as an uninterrupted one. Progress goes to an <see cref="IProgress{T}"/>; the trainer writes nothing to the console.
/// </summary>
public sealed class Trainer
{
    // Model initialisation draws from torch's global generator: one trainer at a time seeds it and builds its model.
    private static readonly Lock InitialisationGate = new();
    private readonly Func<Device, nn.Module<Tensor, Tensor>> _modelFactory;
    private readonly string _modelDescription;

    /// <summary>
    /// Creates a trainer for the model a spec describes; the spec is part of the recipe checked on resume. The initial
    /// weights come from the model's own generator seeded from <see cref="TrainingOptions.Seed"/>
    /// (<see cref="ModelFactory.Create"/>), so they do not depend on other threads.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="options">The recipe.</param>
    public Trainer(ModelSpec spec, TrainingOptions options)
        : this(device => ModelFactory.Create(spec!, device, options?.Seed ?? 0), options!, (spec ?? throw new ArgumentNullException(nameof(spec))).Name)
    {
        _modelDescription = TrainingRecipe.Describe(spec);
    }

    /// <summary>
    /// Creates a trainer. The factory is called once per <see cref="Fit"/> after torch's global generator has been seeded
    /// with <see cref="TrainingOptions.Seed"/> (under a lock shared by all trainers); initial weights drawn from that
    /// generator are reproducible only while no other thread draws from it meanwhile. A factory that wants weights
    /// independent of other threads draws them from its own generator (<see cref="ModelFactory.Create"/>).
    /// </summary>
    /// <param name="modelFactory">Builds the model on a device.</param>
    /// <param name="options">The recipe.</param>
    /// <param name="modelName">A name for results and checkpoints.</param>
    public Trainer(Func<Device, nn.Module<Tensor, Tensor>> modelFactory, TrainingOptions options, string modelName = "model")
    {
        ArgumentNullException.ThrowIfNull(modelFactory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _modelFactory = modelFactory;
        Options = options;
        ModelName = modelName;
        _modelDescription = modelName;
    }

    /// <summary>The recipe.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The model of the last <see cref="Fit"/> call (null before). The caller owns and disposes it.</summary>
    public nn.Module<Tensor, Tensor>? Model { get; private set; }

    /// <summary>
    /// Trains on <paramref name="train"/>, evaluating on <paramref name="test"/> after every epoch. Cancellation is
    /// honoured between batches: the unfinished epoch is dropped and the result ends at the last completed epoch, whose
    /// checkpoint (with an output folder) is where <see cref="TrainingOptions.Resume"/> continues, exactly as an
    /// uninterrupted run would. (The model's weights, <see cref="Model"/>, then include the dropped batches' updates.)
    /// </summary>
    /// <param name="train">Training images.</param>
    /// <param name="test">Test images, or null to skip evaluation.</param>
    /// <param name="progress">Receives progress reports synchronously, on the training thread.</param>
    /// <param name="cancellationToken">Stops the run at the next batch boundary (see above).</param>
    /// <exception cref="InvalidOperationException">Resuming without a checkpoint or with another recipe, or a fresh run into a used output folder.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient became non-finite.</exception>
    /// <exception cref="IOException">The output folder cannot be written.</exception>
    public TrainingResult Fit(IImageDataset train, IImageDataset? test = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var options = Options;
        var device = DeviceSelector.Select(options.Device);
        int threads = get_num_threads();
        if (device.type == DeviceType.CPU && options.CpuThreads is { } requested)
        {
            set_num_threads(requested);
        }

        try
        {
            return Run(train, test, progress, device, cancellationToken);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private TrainingResult Run(IImageDataset train, IImageDataset? test, IProgress<TrainingProgress>? progress, Device device, CancellationToken cancellationToken)
    {
        var options = Options;
        var recipe = TrainingRecipe.Of(options, _modelDescription, train);
        var state = options.OutputDirectory is { } output ? CheckResumeState(output, recipe) : null;
        nn.Module<Tensor, Tensor> model;
        lock (InitialisationGate)
        {
            random.manual_seed(options.Seed);
            model = _modelFactory(device);
        }

        Model = model;
        using var optimizer = TrainingOptimizer.Create(model, options);
        var trainTransform = Chain(options.TrainTransform, options.InputTransform);
        var trainLoader = new DataLoader(train, new DataLoaderOptions { BatchSize = options.BatchSize, Shuffle = true, Seed = options.Seed, Transform = trainTransform });
        var testLoader = test is null ? null : new DataLoader(test, new DataLoaderOptions { BatchSize = options.EvaluationBatchSize, Shuffle = false, Seed = options.Seed, Transform = options.InputTransform });

        var history = new List<EpochMetrics>();
        int start = 0;
        if (state is not null)
        {
            TrainingCheckpoint.Restore(options.OutputDirectory!, state, model, optimizer, options, device);
            history.AddRange(state.History);
            start = state.Epoch;
            // metrics.csv may lag the checkpoint by one epoch after a kill; bring it in line before going on.
            MetricsLog.Write(options.OutputDirectory!, history);
        }

        for (int epoch = start; epoch < options.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new TrainingResult(ModelName, history, Completed: false, ResumedFromEpoch: start);
            }

            var clock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.Rate(options, epoch);
            SeedEpoch(model, options.Seed, epoch);
            if (TrainEpoch(model, optimizer, trainLoader, epoch, lr, device, progress, cancellationToken) is not var (trainLoss, trainAccuracy, rate))
            {
                // Stopped between two batches: the partial epoch is dropped, the last checkpoint stays the one to resume from.
                return new TrainingResult(ModelName, history, Completed: false, ResumedFromEpoch: start);
            }

            var (testLoss, testAccuracy) = testLoader is null ? (double.NaN, double.NaN) : Evaluate(model, testLoader, device, epoch, progress);
            var metrics = new EpochMetrics(epoch + 1, lr, trainLoss, trainAccuracy, testLoss, testAccuracy, rate, clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            if (options.OutputDirectory is { } directory)
            {
                // The checkpoint first, then the metrics: metrics.csv is never ahead of the checkpoint.
                TrainingCheckpoint.Save(directory, model, optimizer, new CheckpointState
                {
                    Epoch = epoch + 1,
                    Epochs = options.Epochs,
                    Seed = options.Seed,
                    Model = ModelName,
                    NextLearningRate = epoch + 1 < options.Epochs ? LearningRateSchedule.Rate(options, epoch + 1) : 0,
                    NextEpochTorchSeed = EpochSeed(options.Seed, epoch + 1),
                    Recipe = recipe,
                    History = [.. history],
                });
                MetricsLog.Write(directory, history);
            }

            progress?.Report(new TrainingProgress(TrainingPhase.EpochCompleted, epoch + 1, options.Epochs, trainLoader.BatchesPerEpoch, trainLoader.BatchesPerEpoch, trainLoss, trainAccuracy, rate, metrics));
        }

        return new TrainingResult(ModelName, history, Completed: true, ResumedFromEpoch: start);
    }

    /// <summary>The run store stage of a training run folder.</summary>
    public const string StoreStage = "train";

    // The run's identity: the recipe with the dataset as DatasetSource.Identity has it (a standard data set moved to
    // another folder is the same run).
    private static Runs.Fingerprint Fingerprint(TrainingRecipe recipe) =>
        new Runs.FingerprintBuilder().AddJson("recipe", recipe with { Dataset = recipe.Dataset?.Identity }, TrainingJsonContext.Default.TrainingRecipe).Build();

    /// <summary>
    /// What the output folder holds and whether this run may use it. The folder is a <see cref="Runs.RunStore"/> bound to
    /// stage <see cref="StoreStage"/> and the fingerprint of the recipe (<see cref="TrainingRecipe"/> as JSON): resuming
    /// needs a checkpoint written under an equal fingerprint (else <see cref="Runs.RunMismatchException"/> names the first
    /// differing setting, e.g. <c>recipe.augmentation</c>); a fresh run needs an empty (or new) folder unless
    /// <see cref="TrainingOptions.Overwrite"/> is set. The trainer's own files (<c>checkpoint.json</c>, the latest weights and
    /// optimiser state, <c>metrics.csv</c>) stay at the folder's top level, where <see cref="TrainedModel"/> and earlier
    /// versions read them; only the latest epoch is kept (each save replaces the previous one atomically). A folder written
    /// before run stores had manifests is checked with <see cref="TrainingRecipe.Mismatch"/> and then adopted.
    /// </summary>
    private CheckpointState? CheckResumeState(string output, TrainingRecipe recipe)
    {
        var options = Options;
        var fingerprint = Fingerprint(recipe);
        var state = TrainingCheckpoint.TryRead(output);
        if (options.Resume)
        {
            if (state is null)
            {
                throw new InvalidOperationException($"Nothing to resume: '{output}' holds no checkpoint ({TrainingCheckpoint.FileName}).");
            }

            if (state.Epoch > options.Epochs)
            {
                throw new InvalidOperationException($"The checkpoint in '{output}' is at epoch {state.Epoch}, past this run's {options.Epochs} epochs.");
            }

            var store = Runs.RunStore.Open(output);
            if (!store.HasManifest)
            {
                // Written before run stores had manifests: the recipe recorded in the checkpoint decides, then the folder is adopted.
                string? mismatch = state.Recipe is { } saved
                    ? recipe.Mismatch(saved)
                    : state.Seed != options.Seed ? $"seed: the checkpoint has '{state.Seed}', this run has '{options.Seed}'"
                    : state.Model != ModelName ? $"model: the checkpoint has '{state.Model}', this run has '{ModelName}'"
                    : null;
                if (mismatch is not null && !options.AllowRecipeChange)
                {
                    throw new Runs.RunMismatchException(store.Directory, StoreStage, mismatch);
                }
            }
            else if (!options.AllowRecipeChange)
            {
                if (recipe.Dataset is not null && state.Recipe is { Dataset: null })
                {
                    // Written before runs recorded their dataset: the recipe as that version fingerprinted it must agree, then
                    // the manifest records the dataset this run names (the caller's word for where the data came from).
                    store.Bind(StoreStage, Fingerprint(recipe with { Dataset = null }));
                    store.Rebind(StoreStage, fingerprint);
                    return state;
                }

                store.Bind(StoreStage, fingerprint); // refuses other inputs, naming the first differing setting
                return state;
            }

            store.Rebind(StoreStage, fingerprint); // adopted, or a recipe change allowed explicitly: the manifest records the recipe the run continues under
            return state;
        }

        bool used = state is not null || Runs.RunStore.TryReadManifest(output) is not null
            || (Directory.Exists(output) && Directory.EnumerateFiles(output).Any(f => Path.GetFileName(f) is MetricsLog.CsvFile or MetricsLog.JsonFile));
        if (used && !options.Overwrite)
        {
            throw new InvalidOperationException($"'{output}' already holds a training run. Resume it, overwrite it explicitly, or choose another output folder.");
        }

        // Overwrite discards the whole run folder, including what later stages stored in it (robustness cells and
        // reports in its sub-folders), so no result of the old weights survives next to the new ones.
        CheckWritable(output);
        Runs.RunStore.Open(output, overwrite: used, TrainingCheckpoint.FileName, MetricsLog.CsvFile, MetricsLog.JsonFile).Bind(StoreStage, fingerprint);
        return null;
    }

    /// <summary>Fails before the first epoch when the output folder cannot be written.</summary>
    private static void CheckWritable(string output)
    {
        try
        {
            Directory.CreateDirectory(output);
            string probe = Path.Combine(output, $".write-test.{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"Cannot write to the output folder '{output}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Seeds what the coming epoch draws: torch's global generator (adversarial random starts) and the own generator of
    /// every <see cref="IStochasticModule"/> in the model (VOneBlock noise), each from (seed, epoch, module index).
    /// </summary>
    private static void SeedEpoch(nn.Module model, long seed, int epoch)
    {
        // Under the initialisation gate: another trainer may be drawing its initial weights from the global generator.
        lock (InitialisationGate)
        {
            random.manual_seed(EpochSeed(seed, epoch));
        }

        StochasticModules.Reseed(model, seed, epoch);
    }

    /// <summary>Mean loss and accuracy of a model on a dataset (evaluation mode, no gradients).</summary>
    /// <param name="model">The model.</param>
    /// <param name="dataset">The images.</param>
    /// <param name="device">Where to compute.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="transform">Transform applied to each batch (e.g. normalisation), or null.</param>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, IImageDataset dataset, Device device, int batchSize = 256, IImageTransform? transform = null)
    {
        var loader = new DataLoader(dataset, new DataLoaderOptions { BatchSize = batchSize, Shuffle = false, Transform = transform });
        return Evaluate(model, loader, device, 0, null);
    }

    /// <summary>
    /// Cross-entropy with label smoothing as PyTorch defines it, <c>(1 - eps) NLL + eps * mean over classes of -log p</c>:
    /// libtorch's own <c>cross_entropy(..., label_smoothing: eps)</c>.
    /// </summary>
    /// <param name="logits">Logits [N, K].</param>
    /// <param name="labels">Class indices [N] (int64).</param>
    /// <param name="smoothing">Epsilon in [0, 1).</param>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        return nn.functional.cross_entropy(logits, labels, label_smoothing: smoothing);
    }

    private static long EpochSeed(long seed, int epoch) => (long)(SplitMix64.Mix(seed, epoch, 0x5EED) >> 1);

    private static IImageTransform? Chain(IImageTransform? first, IImageTransform? second) =>
        first is null ? second : second is null ? first : new Compose([first, second]);

    /// <summary>
    /// Training progress is reported, and the running loss and the finiteness check read back from the device, every
    /// this many batches (and at the end of each epoch).
    /// </summary>
    public const int ProgressInterval = 10;

    /// <summary>
    /// One training step: (adversarial perturbation,) forward, loss, backward, optimiser step. <c>bench train</c> times
    /// exactly this. Nothing is read back from the device: <paramref name="finite"/> accumulates, per parameter (index 0
    /// is the loss), whether every value was finite, for the caller to check at its read-back points.
    /// </summary>
    /// <param name="model">The model, in training mode.</param>
    /// <param name="optimizer">The optimiser over its parameters.</param>
    /// <param name="parameters">The parameters <paramref name="finite"/> refers to (index + 1).</param>
    /// <param name="images">The batch.</param>
    /// <param name="labels">Its labels.</param>
    /// <param name="learningRate">The step's learning rate.</param>
    /// <param name="finite">int64 [1 + parameters]: per entry the first <paramref name="step"/> at which it was non-finite
    /// (<see cref="long.MaxValue"/> while finite), updated in place.</param>
    /// <param name="step">This step's index within the epoch.</param>
    /// <returns>The logits and the loss (owned by the caller's dispose scope).</returns>
    internal (Tensor Logits, Tensor Loss) Step(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, IReadOnlyList<(string Name, Tensor Parameter)> parameters,
        Tensor images, Tensor labels, double learningRate, Tensor finite, long step)
    {
        var inputs = Options.Adversarial is { } adversarial ? adversarial.Perturb(model, images, labels) : images;
        optimizer.zero_grad();
        var logits = model.forward(inputs);
        var loss = CrossEntropy(logits, labels, Options.LabelSmoothing);
        loss.backward();
        using (no_grad())
        {
            var flags = new Tensor[parameters.Count + 1];
            flags[0] = loss.isfinite().all();
            for (int i = 0; i < parameters.Count; i++)
            {
                flags[i + 1] = parameters[i].Parameter.grad is { } grad ? grad.isfinite().all() : ones(1, ScalarType.Bool, finite.device).squeeze();
            }

            finite.copy_(where(stack(flags), finite, finite.clamp_max(step)));
        }

        TrainingOptimizer.SetLearningRate(optimizer, learningRate);
        optimizer.step();
        return (logits, loss);
    }

    /// <summary>Throws when the accumulated record shows a non-finite loss or gradient in batches [first, last] of an epoch.</summary>
    /// <param name="finite">The flags of <see cref="Step"/>.</param>
    /// <param name="parameters">The parameters they refer to.</param>
    /// <param name="epoch">Zero-based epoch.</param>
    /// <param name="first">First batch (zero-based) since the last check.</param>
    /// <param name="last">Last batch (zero-based).</param>
    internal static void ThrowIfNotFinite(Tensor finite, IReadOnlyList<(string Name, Tensor Parameter)> parameters, int epoch, int first, int last)
    {
        long[] firstBad = finite.cpu().data<long>().ToArray();
        long earliest = firstBad.Min();
        if (earliest == long.MaxValue)
        {
            return;
        }

        // The loss when it was non-finite at the earliest bad batch (every gradient follows from it), else the first
        // parameter whose gradient was.
        int bad = firstBad[0] == earliest ? 0 : Enumerable.Range(1, firstBad.Length - 1).First(i => firstBad[i] == earliest);
        string what = bad == 0 ? "the loss" : $"the gradient of '{parameters[bad - 1].Name}' (the loss was finite)";
        string steps = $"batch {earliest + 1} (checked over batches {first + 1}-{last + 1})";
        throw new TrainingDivergedException(
            $"Training stopped: {what} became non-finite in epoch {epoch + 1}, {steps}. CPU instruction set {Native.CpuNumerics.CpuInstructionSet}" +
            $" (CPU numerics {Native.CpuNumerics.Describe()}). Lower the learning rate or check the data.");
    }

    /// <summary>One epoch of training; null when cancellation was requested before its last batch.</summary>
    private (double Loss, double Accuracy, double ImagesPerSecond)? TrainEpoch(
        nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, DataLoader loader, int epoch, double learningRate, Device device,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        model.train();
        var parameters = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (Tensor)p.parameter)).ToList();

        // Running sums and the finiteness flags stay on the device; they are read back every ProgressInterval batches,
        // so a GPU is not synchronised for bookkeeping on every batch.
        using var lossSum = zeros(1, ScalarType.Float64, device);
        using var correct = zeros(1, ScalarType.Int64, device);
        using var finite = full(parameters.Count + 1, long.MaxValue, ScalarType.Int64, device);
        long seen = 0;
        var clock = Stopwatch.StartNew();
        int batches = loader.BatchesPerEpoch;
        int checkedUpTo = 0;
        for (int b = 0; b < batches; b++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            using var scope = NewDisposeScope();
            var batch = loader.GetBatch(epoch, b, device);
            var (logits, loss) = Step(model, optimizer, parameters, batch.Images, batch.Labels, learningRate, finite, b);
            using (no_grad())
            {
                lossSum.add_(loss.detach().to(ScalarType.Float64).mul(batch.Size));
                correct.add_(logits.argmax(1).eq(batch.Labels).sum());
            }

            seen += batch.Size;
            if ((b + 1) % ProgressInterval == 0 || b == batches - 1)
            {
                ThrowIfNotFinite(finite, parameters, epoch, checkedUpTo, b);
                checkedUpTo = b + 1;
                progress?.Report(new TrainingProgress(TrainingPhase.Training, epoch + 1, Options.Epochs, b + 1, batches,
                    lossSum.item<double>() / seen, (double)correct.item<long>() / seen, seen / clock.Elapsed.TotalSeconds));
            }
        }

        return (lossSum.item<double>() / seen, (double)correct.item<long>() / seen, seen / clock.Elapsed.TotalSeconds);
    }

    private static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, DataLoader loader, Device device, int epoch, IProgress<TrainingProgress>? progress)
    {
        // The caller's mode is restored afterwards (a model handed over in eval mode stays in eval mode).
        bool wasTraining = model.training;
        model.eval();
        double lossSum = 0;
        long correct = 0, seen = 0;
        var clock = Stopwatch.StartNew();
        using (no_grad())
        {
            int batches = loader.BatchesPerEpoch;
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                var batch = loader.GetBatch(0, b, device);
                var logits = model.forward(batch.Images);
                lossSum += nn.functional.cross_entropy(logits, batch.Labels).item<float>() * batch.Size;
                correct += logits.argmax(1).eq(batch.Labels).sum().item<long>();
                seen += batch.Size;
                progress?.Report(new TrainingProgress(TrainingPhase.Evaluating, epoch + 1, 0, b + 1, batches, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
            }
        }

        model.train(wasTraining);
        return (lossSum / seen, (double)correct / seen);
    }
}
