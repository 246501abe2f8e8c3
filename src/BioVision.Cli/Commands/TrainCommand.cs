using BioVision.Stochastic;
using System.CommandLine;
using System.Globalization;
using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using BioVision.V1;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision train</c>: trains a model on a dataset with checkpoints, metrics and resume. With no options it runs
/// a short job on the built-in procedural dataset (a few seconds to a minute on two cores).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<BackboneKind>("--model") { Description = "Backbone: SmallCnn, AlexNet, ResNet18, ResNet50 or CifarResNet.", DefaultValueFactory = _ => BackboneKind.SmallCnn };
        var vone = new Option<bool>("--vone") { Description = "Put the VOne front end before the backbone (--no-vone or omit for the plain backbone)." };
        var noVone = new Option<bool>("--no-vone") { Description = "Train the plain backbone (the default)." };
        var frontEnd = new Option<string?>("--front-end") { Description = "The front end (implies --vone): VOne (default), VOneDN (divisive normalisation), EV (EVNet: subcortical block + V1), LearnedV1 (trainable Gabor-initialised filters) or RandomV1 (fixed random filters)." };
        var noiseMode = new Option<NoiseMode>("--noise") { Description = "VOne noise: Neuronal (Poisson-like, the reference's), Gaussian or None.", DefaultValueFactory = _ => NoiseMode.Neuronal };
        var noiseScale = new Option<double?>("--noise-scale") { Description = "V1 noise scale (default: the front end's, 0.35 for VOne as the reference, 1 for EVNet)." };
        var noiseControl = new Option<NoiseControl>("--noise-control") { Description = "When VOne noise is on: AlwaysOn (the reference's), FollowTraining, Off or FixedSeed.", DefaultValueFactory = _ => NoiseControl.AlwaysOn };
        var width = new Option<int>("--width") { Description = "Channels of the SmallCnn's first stage.", DefaultValueFactory = _ => 16 };
        var dataset = new Option<string>("--dataset") { Description = "procedural, fashion-mnist, cifar10, cifar100 or folder.", DefaultValueFactory = _ => "procedural" };
        var dataPath = new Option<string?>("--data-path") { Description = "Folder of the dataset (fashion-mnist defaults to /usr/share/datasets/fashion-mnist; folder needs train/ and test/ subfolders)." };
        var imageSize = new Option<int>("--image-size") { Description = "Height and width images of a folder dataset are resized to.", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "Number of epochs.", DefaultValueFactory = _ => 3 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per batch.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Base learning rate.", DefaultValueFactory = _ => 0.05 };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "Sgd or AdamW.", DefaultValueFactory = _ => OptimizerKind.Sgd };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Constant, Cosine or Step.", DefaultValueFactory = _ => ScheduleKind.Cosine };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 5e-4 };
        var labelSmoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing epsilon.", DefaultValueFactory = _ => 0.0 };
        var augment = new Option<bool>("--augment") { Description = "Random crops (padding 1/8 of the size) and horizontal flips." };
        var adversarial = new Option<AdversarialKind>("--adversarial") { Description = "Adversarial training: None, Fgsm (with random start) or Pgd.", DefaultValueFactory = _ => AdversarialKind.None };
        var epsilon = new Option<double>("--epsilon") { Description = "L-infinity radius for adversarial training, on the [0, 1] pixel scale.", DefaultValueFactory = _ => 2.0 / 255 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var output = new Option<string?>("--output") { Description = "Folder for metrics.csv/json and checkpoints (default: biovision-runs/<model>-<dataset>-seed<seed>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in the output folder." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an earlier run in the output folder (without it, training into a used folder is refused)." };
        var allowRecipeChange = new Option<bool>("--allow-recipe-change") { Description = "With --resume: continue even though the recipe (model, data, optimiser, schedule, augmentation, adversarial step, seed) differs from the checkpoint's." };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads for training (default: all cores)." };
        var seed = new Option<long>("--seed") { Description = "Seed of initialisation, data order and augmentation.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int?>("--limit") { Description = "Use at most this many training images (quick runs)." };
        var command = new Command("train", "Train a baseline or VOne model with checkpoints, metrics and --resume (default: a short run on the built-in procedural dataset).")
        {
            model, vone, noVone, frontEnd, noiseMode, noiseScale, noiseControl, width, dataset, dataPath, imageSize, epochs, batchSize, lr, optimizer, schedule,
            weightDecay, labelSmoothing, augment, adversarial, epsilon, device, output, resume, overwrite, allowRecipeChange, threads, seed, limit,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(frontEnd) is not null && parse.GetValue(noVone))
            {
                Console.Error.WriteLine("error: --front-end and --no-vone contradict each other.");
                return 2;
            }

            if (parse.GetValue(vone) && parse.GetValue(noVone))
            {
                Console.Error.WriteLine("error: --vone and --no-vone contradict each other.");
                return 2;
            }

            var kind = DatasetCatalog.Parse(parse.GetValue(dataset)!);
            double eps = parse.GetValue(epsilon);
            if (parse.GetResult(epsilon) is { Implicit: false } && parse.GetValue(adversarial) == AdversarialKind.None)
            {
                throw new ArgumentException("--epsilon needs --adversarial Fgsm or Pgd.");
            }

            if (!(eps > 0 && eps <= 1))
            {
                throw new ArgumentException($"--epsilon must lie in (0, 1] (pixel scale), got {eps.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (parse.GetValue(threads) is < 1)
            {
                throw new ArgumentException($"--threads must be at least 1, got {parse.GetValue(threads)}.");
            }

            var deviceRequest = DeviceRequest.Parse(parse.GetValue(device)!);
            var selected = DeviceSelector.Select(deviceRequest);
            long seedValue = parse.GetValue(seed);
            var source = DatasetSource.Of(kind, parse.GetValue(dataPath), seedValue, parse.GetValue(imageSize));
            source.Validate();
            var (train, test) = source.Open();
            train = DatasetCatalog.Limit(train, parse.GetValue(limit));
            var kindOfFrontEnd = parse.GetValue(frontEnd) is { } frontEndName ? FrontEnds.Parse(frontEndName) : (FrontEndKind?)null;
            var spec = ModelSpec.ForDataset(train, parse.GetValue(model), parse.GetValue(vone) || kindOfFrontEnd is not null, parse.GetValue(width)) with
            {
                FrontEnd = kindOfFrontEnd ?? FrontEndKind.VOne,
            };
            spec = ModelFactory.WithNoise(spec, parse.GetValue(noiseMode), parse.GetValue(noiseControl), parse.GetValue(noiseScale));
            int size = train.Shape.Height;
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(lr),
                Optimizer = parse.GetValue(optimizer),
                Schedule = parse.GetValue(schedule),
                WeightDecay = parse.GetValue(weightDecay),
                LabelSmoothing = parse.GetValue(labelSmoothing),
                Seed = seedValue,
                Device = deviceRequest,
                OutputDirectory = parse.GetValue(output) ?? Path.Combine("biovision-runs", string.Create(CultureInfo.InvariantCulture, $"{spec.Name}-{kind}-seed{seedValue}").ToLowerInvariant()),
                Resume = parse.GetValue(resume),
                Overwrite = parse.GetValue(overwrite),
                AllowRecipeChange = parse.GetValue(allowRecipeChange),
                CpuThreads = parse.GetValue(threads),
                Dataset = source,
                TrainTransform = parse.GetValue(augment) ? new Compose([new RandomCrop(size, train.Shape.Width, Math.Max(1, size / 8)), new RandomHorizontalFlip()]) : null,
                Adversarial = parse.GetValue(adversarial) switch
                {
                    AdversarialKind.Fgsm => PgdStep.FgsmRandomStart(eps),
                    AdversarialKind.Pgd => new PgdStep { Epsilon = eps, StepSize = eps / 4, Steps = 7 },
                    _ => null,
                },
            };

            options.Validate();
            int threadCount = options.CpuThreads ?? TorchSharp.torch.get_num_threads();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Training {spec.Name} on {source} ({train.Count} train / {test.Count} test images, {train.Shape}, {train.Classes.Count} classes) on {DeviceSelector.Describe(selected)}{(selected.type == TorchSharp.DeviceType.CPU ? $", {threadCount} threads" : "")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Epochs} epochs, batch {options.BatchSize}, {options.Optimizer} lr {options.LearningRate} ({options.Schedule}), weight decay {options.WeightDecay}, seed {options.Seed}{(options.Adversarial is null ? "" : ", adversarial: " + options.Adversarial.Description)}; output {Path.GetFullPath(options.OutputDirectory)}"));

            // SIGINT (Ctrl+C) and SIGTERM stop the run at the next batch boundary; the last completed epoch's checkpoint
            // is kept and --resume continues from it. A second signal terminates the process at once.
            using var signals = new StopSignals("Stopping at the next batch; the last completed epoch's checkpoint is kept.");
            var trainer = new Trainer(spec, options);
            var result = TrainingProgressConsole.Run(spec.Name, progress => trainer.Fit(train, test, progress, signals.Token));
            trainer.Model?.Dispose();
            Console.WriteLine();
            if (!result.Completed)
            {
                int done = result.History.Count;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Stopped by {signals.StoppedBy?.ToString() ?? "cancellation"} during epoch {done + 1} of {options.Epochs}: {(done == 0 ? $"no epoch was completed, nothing to resume in {Path.GetFullPath(options.OutputDirectory)}." : $"the checkpoint of epoch {done} is kept in {Path.GetFullPath(options.OutputDirectory)}; continue with --resume.")}"));
                return signals.ExitCode;
            }

            Console.Write(result.ToString());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Final test accuracy: {result.FinalTestAccuracy:P2}"));
            return 0;
        });
        return command;
    }
}
