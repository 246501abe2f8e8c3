using System.Diagnostics;
using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Trains a classifier: SGD or AdamW, a per-epoch learning-rate schedule, label smoothing, optional adversarial
/// training, evaluation after every epoch, metrics (<c>metrics.csv</c>/<c>.json</c>) and a checkpoint per epoch.
/// On the CPU a run is deterministic for a given seed, and a run resumed from a checkpoint ends with the same weights
/// as an uninterrupted one. Progress goes to an <see cref="IProgress{T}"/>; the trainer writes nothing to the console.
/// </summary>
public sealed class Trainer
{
    private readonly Func<Device, nn.Module<Tensor, Tensor>> _modelFactory;

    /// <summary>Creates a trainer.</summary>
    /// <param name="modelFactory">Builds the model on a device (e.g. <see cref="ModelFactory.For"/>); called once per <see cref="Fit"/>, after seeding.</param>
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
    }

    /// <summary>The recipe.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The model of the last <see cref="Fit"/> call (null before). The caller owns and disposes it.</summary>
    public nn.Module<Tensor, Tensor>? Model { get; private set; }

    /// <summary>
    /// Trains on <paramref name="train"/>, evaluating on <paramref name="test"/> after every epoch. Cancellation is
    /// honoured between epochs (after the checkpoint), so a cancelled run can be resumed.
    /// </summary>
    /// <param name="train">Training images.</param>
    /// <param name="test">Test images, or null to skip evaluation.</param>
    /// <param name="progress">Receives progress reports synchronously, on the training thread.</param>
    /// <param name="cancellationToken">Stops the run at the next epoch boundary.</param>
    /// <exception cref="InvalidOperationException">Resuming a checkpoint written with another seed or model.</exception>
    public TrainingResult Fit(IImageDataset train, IImageDataset? test = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var options = Options;
        var device = DeviceSelector.Select(options.Device);
        int threads = get_num_threads();

        // Tensors that earlier code dropped without disposing are freed by finalizers on another thread; TorchSharp's
        // dispose scopes are not safe against that while a training step runs, so flush them before training starts.
        GC.Collect();
        GC.WaitForPendingFinalizers();
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
        random.manual_seed(options.Seed);
        var model = _modelFactory(device);
        Model = model;
        using var optimizer = new ParameterOptimizer(model, options);
        var trainTransform = Chain(options.TrainTransform, options.InputTransform);
        var trainLoader = new DataLoader(train, new DataLoaderOptions { BatchSize = options.BatchSize, Shuffle = true, Seed = options.Seed, DropLast = true, Transform = trainTransform });
        var testLoader = test is null ? null : new DataLoader(test, new DataLoaderOptions { BatchSize = options.EvaluationBatchSize, Shuffle = false, Seed = options.Seed, Transform = options.InputTransform });

        var history = new List<EpochMetrics>();
        int start = 0;
        if (options.Resume && options.OutputDirectory is { } resumeFrom && TrainingCheckpoint.TryRead(resumeFrom) is { } state)
        {
            if (state.Seed != options.Seed || state.Model != ModelName)
            {
                throw new InvalidOperationException(
                    $"The checkpoint in '{resumeFrom}' is for {state.Model} with seed {state.Seed}; this run is {ModelName} with seed {options.Seed}. Use another output folder or the same settings.");
            }

            TrainingCheckpoint.Restore(resumeFrom, state, model, optimizer);
            history.AddRange(state.History);
            start = state.Epoch;
        }

        for (int epoch = start; epoch < options.Epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new TrainingResult(ModelName, history, Completed: false, ResumedFromEpoch: start);
            }

            var clock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.Rate(options, epoch);
            random.manual_seed(EpochSeed(options.Seed, epoch));
            var (trainLoss, trainAccuracy, rate) = TrainEpoch(model, optimizer, trainLoader, epoch, lr, device, progress);
            var (testLoss, testAccuracy) = testLoader is null ? (double.NaN, double.NaN) : Evaluate(model, testLoader, device, epoch, progress);
            var metrics = new EpochMetrics(epoch + 1, lr, trainLoss, trainAccuracy, testLoss, testAccuracy, rate, clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            if (options.OutputDirectory is { } output)
            {
                MetricsLog.Write(output, history);
                TrainingCheckpoint.Save(output, model, optimizer, new CheckpointState
                {
                    Epoch = epoch + 1,
                    Epochs = options.Epochs,
                    Seed = options.Seed,
                    Model = ModelName,
                    NextLearningRate = epoch + 1 < options.Epochs ? LearningRateSchedule.Rate(options, epoch + 1) : 0,
                    NextEpochTorchSeed = EpochSeed(options.Seed, epoch + 1),
                    History = [.. history],
                });
            }

            progress?.Report(new TrainingProgress(TrainingPhase.EpochCompleted, epoch + 1, options.Epochs, trainLoader.BatchesPerEpoch, trainLoader.BatchesPerEpoch, trainLoss, trainAccuracy, rate, metrics));
        }

        return new TrainingResult(ModelName, history, Completed: true, ResumedFromEpoch: start);
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

    /// <summary>Cross-entropy with label smoothing as PyTorch defines it: (1 - eps) NLL + eps * mean over classes of -log p.</summary>
    /// <param name="logits">Logits [N, K].</param>
    /// <param name="labels">Class indices [N] (int64).</param>
    /// <param name="smoothing">Epsilon in [0, 1).</param>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        // No inner dispose scope: intermediates stay alive until the caller's scope ends, after backward.
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var nll = -logProbabilities.gather(1, labels.unsqueeze(1)).mean();
        return smoothing > 0 ? ((1 - smoothing) * nll) + (smoothing * -logProbabilities.mean([1]).mean()) : nll;
    }

    private static long EpochSeed(long seed, int epoch) => (long)(SplitMix64.Mix(seed, epoch, 0x5EED) >> 1);

    private static IImageTransform? Chain(IImageTransform? first, IImageTransform? second) =>
        first is null ? second : second is null ? first : new Compose([first, second]);

    /// <summary>
    /// Steps whose forward/backward pass was recomputed because the loss or a gradient came out non-finite
    /// (see <see cref="TrainingOptions.NonFiniteRetries"/>), over the whole run.
    /// </summary>
    public int RetriedSteps { get; private set; }

    /// <summary>Training progress is reported (and the running loss read back from the device) every this many batches.</summary>
    public const int ProgressInterval = 10;

    /// <summary>
    /// Forward and backward pass of one batch. A pass whose loss or gradients are not finite is recomputed from the same
    /// inputs, with the normalisation buffers (running statistics) restored first, up to
    /// <see cref="TrainingOptions.NonFiniteRetries"/> times: on this project's CPU machines libtorch 2.10 intermittently
    /// returned NaN gradients for identical inputs, and a recomputation gives the deterministic result. A pass that stays
    /// non-finite is a real divergence and stops training with an exception.
    /// </summary>
    private (Tensor Logits, Tensor Loss) ForwardBackward(nn.Module<Tensor, Tensor> model, ParameterOptimizer optimizer, Tensor inputs, Tensor labels)
    {
        int retries = Options.NonFiniteRetries;
        var buffers = retries > 0 ? model.named_buffers().Select(b => (Buffer: b.buffer, Copy: b.buffer.detach().clone())).ToList() : [];
        for (int attempt = 0; ; attempt++)
        {
            optimizer.ZeroGrad();
            var logits = model.forward(inputs);
            var loss = CrossEntropy(logits, labels, Options.LabelSmoothing);
            loss.backward();
            if (retries == 0)
            {
                return (logits, loss);
            }

            var finite = loss.isfinite();
            foreach (var p in model.parameters())
            {
                if (p.grad is { } grad)
                {
                    finite = finite.logical_and(grad.isfinite().all());
                }
            }

            if (finite.item<bool>())
            {
                return (logits, loss);
            }

            if (attempt >= retries)
            {
                throw new InvalidOperationException(
                    $"Training diverged: the loss or a gradient stayed non-finite after {retries} recomputation(s) of the same batch. Lower the learning rate or check the data.");
            }

            RetriedSteps++;
            using (no_grad())
            {
                foreach (var (buffer, copy) in buffers)
                {
                    buffer.copy_(copy);
                }
            }
        }
    }

    private (double Loss, double Accuracy, double ImagesPerSecond) TrainEpoch(
        nn.Module<Tensor, Tensor> model, ParameterOptimizer optimizer, DataLoader loader, int epoch, double learningRate, Device device, IProgress<TrainingProgress>? progress)
    {
        model.train();

        // Running sums stay on the device; they are read back only when progress is reported (every
        // ProgressInterval batches), so a GPU is not synchronised for bookkeeping on every batch.
        using var lossSum = zeros(1, ScalarType.Float64, device);
        using var correct = zeros(1, ScalarType.Int64, device);
        long seen = 0;
        var clock = Stopwatch.StartNew();
        int batches = loader.BatchesPerEpoch;
        for (int b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            var batch = loader.GetBatch(epoch, b, device);
            var inputs = Options.Adversarial is { } adversarial ? adversarial.Perturb(model, batch.Images, batch.Labels) : batch.Images;
            var (logits, loss) = ForwardBackward(model, optimizer, inputs, batch.Labels);
            optimizer.Step(learningRate);
            using (no_grad())
            {
                lossSum.add_(loss.detach().to(ScalarType.Float64).mul(batch.Size));
                correct.add_(logits.argmax(1).eq(batch.Labels).sum());
            }

            seen += batch.Size;
            if (progress is not null && ((b + 1) % ProgressInterval == 0 || b == batches - 1))
            {
                progress.Report(new TrainingProgress(TrainingPhase.Training, epoch + 1, Options.Epochs, b + 1, batches,
                    lossSum.item<double>() / seen, (double)correct.item<long>() / seen, seen / clock.Elapsed.TotalSeconds));
            }
        }

        return (lossSum.item<double>() / seen, (double)correct.item<long>() / seen, seen / clock.Elapsed.TotalSeconds);
    }

    private static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, DataLoader loader, Device device, int epoch, IProgress<TrainingProgress>? progress)
    {
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

        model.train();
        return (lossSum / seen, (double)correct / seen);
    }
}
