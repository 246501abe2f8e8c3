using BioVision.Runs;
using BioVision.Stochastic;
using System.CommandLine;
using System.Globalization;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Plotting;
using BioVision.Robustness;
using BioVision.Robustness.Corruptions;
using BioVision.Robustness.Evaluation;
using BioVision.Training;
using BioVision.V1;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision robustness</c>: evaluates a trained run folder (or a weights file) with attacks, corruptions and the
/// sanity checklist; writes report.json, report.md and plots (PNG and SVG) to the output folder; resumes from the
/// finished cells in <c>cells/</c>; exits 3 when a sanity check fails.
/// </summary>
internal static class RobustnessCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("run") { Description = "A run folder written by `biovision train` (with checkpoint.json) or a model weights file (.bin)." };
        var output = new Option<string?>("--output") { Description = "Report folder (default: <run>/robustness-<preset>)." };
        var preset = new Option<string>("--preset") { Description = "quick, vonenet (Dapello 2020 protocol) or autoattack-rand.", DefaultValueFactory = _ => "quick" };
        var dataset = new Option<string?>("--dataset") { Description = "Test set: fashion-mnist, cifar10, cifar100, procedural or folder (default: the dataset the run was trained on; fashion-mnist for a weights file or a run that does not record it)." };
        var otherDataset = new Option<bool>("--other-dataset") { Description = "Evaluate on a --dataset other than the one the run was trained on, on purpose (refused otherwise)." };
        var dataPath = new Option<string?>("--data-path") { Description = "Dataset folder (default: the run's; fashion-mnist defaults to /usr/share/datasets/fashion-mnist)." };
        var imageSize = new Option<int>("--image-size") { Description = "Image side for folder datasets (default: the run's, else 64).", DefaultValueFactory = _ => 64 };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N test images (quick runs)." };
        var model = new Option<BackboneKind?>("--model") { Description = "Backbone (default: from checkpoint.json)." };
        var vone = new Option<bool?>("--vone") { Description = "Whether the model has the VOne front end (default: from checkpoint.json)." };
        var width = new Option<int>("--width") { Description = "SmallCnn width of a bare weights file or an old run folder (run folders record their model; train's default is 16).", DefaultValueFactory = _ => 16 };
        var eps = new Option<string?>("--eps") { Description = "Comma-separated Linf eps values for quick/autoattack-rand (fractions like 1/255 allowed)." };
        var eot = new Option<int?>("--eot") { Description = "EOT gradient samples per attack step (vonenet: 10, autoattack-rand: 20, quick: 2)." };
        var steps = new Option<int?>("--steps") { Description = "Override the attack steps/iterations of every sweep (PGD's step size is rescaled so that steps x step stays the preset's)." };
        var draws = new Option<int>("--draws") { Description = "Fresh noise draws per image when scoring a stochastic model.", DefaultValueFactory = _ => 16 };
        var authorsStep = new Option<bool>("--authors-step") { Description = "vonenet preset: step eps/4 (the authors' 2021 script) instead of eps/32." };
        var grid = new Option<string?>("--grid") { Description = "vonenet preset: grid strength indices 0-8 (default 2,4,6,8)." };
        var corruptions = new Option<string>("--corruptions") { Description = "all, none, or a comma-separated list (e.g. gaussian_noise,fog).", DefaultValueFactory = _ => "all" };
        var severities = new Option<string>("--severities") { Description = "Comma-separated severities 1-5.", DefaultValueFactory = _ => "1,2,3,4,5" };
        var baseline = new Option<string?>("--baseline") { Description = "report.json of the baseline model for CE/mCE (AlexNet is used for ImageNet-size images when omitted)." };
        var control = new Option<string?>("--control") { Description = "Run folder of an undefended control model for the ~0% check." };
        var controlWidth = new Option<int?>("--control-width") { Description = "SmallCnn width of the control (default: --width)." };
        var attackNoise = new Option<NoiseControl?>("--attack-noise") { Description = "V1 noise while attacking: AlwaysOn, FollowTraining, Off or FixedSeed (default: the model's)." };
        var scoringNoise = new Option<NoiseControl?>("--scoring-noise") { Description = "V1 noise while scoring (default: the model's)." };
        var noChecks = new Option<bool>("--no-checks") { Description = "Skip the sanity-check runs (the report then has no checklist)." };
        var standardEps = new Option<string?>("--standard-eps") { Description = "Linf eps of the convergence, Square and control checks." };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per attack batch.", DefaultValueFactory = _ => 128 };
        var seed = new Option<long>("--seed") { Description = "Seed of attack starts, noise draws and corruptions.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads (default: libtorch's)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Discard the cells stored in the report folder by a run with other settings, model or images, and start afresh." };
        var command = new Command("robustness", "Evaluate adversarial and corruption robustness of a trained model, with EOT, stochastic scoring and sanity checks.")
        {
            input, output, preset, dataset, otherDataset, dataPath, imageSize, limit, model, vone, width, eps, eot, steps, draws, authorsStep, grid, corruptions, severities,
            baseline, control, controlWidth, attackNoise, scoringNoise, noChecks, standardEps, batchSize, seed, device, threads, overwrite,
        };
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse, input, output, preset, dataset, otherDataset, dataPath, imageSize, limit, model, vone, width, eps, eot, steps, draws, authorsStep, grid,
                    corruptions, severities, baseline, control, controlWidth, attackNoise, scoringNoise, noChecks, standardEps, batchSize, seed, device, threads, overwrite);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or DataFormatException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static int Run(
        ParseResult parse, Argument<string> input, Option<string?> output, Option<string> preset, Option<string?> dataset, Option<bool> otherDataset, Option<string?> dataPath,
        Option<int> imageSize, Option<int?> limit, Option<BackboneKind?> model, Option<bool?> vone, Option<int> width, Option<string?> eps,
        Option<int?> eot, Option<int?> steps, Option<int> draws, Option<bool> authorsStep, Option<string?> grid, Option<string> corruptions,
        Option<string> severities, Option<string?> baseline, Option<string?> control, Option<int?> controlWidth, Option<NoiseControl?> attackNoise,
        Option<NoiseControl?> scoringNoise, Option<bool> noChecks, Option<string?> standardEps, Option<int> batchSize, Option<long> seed,
        Option<string> device, Option<int?> threads, Option<bool> overwrite)
    {
        string run = parse.GetValue(input)!;
        string presetName = parse.GetValue(preset)!.ToLowerInvariant();
        if (presetName is not ("quick" or "vonenet" or "autoattack-rand"))
        {
            throw new ArgumentException($"Unknown preset '{presetName}': expected quick, vonenet or autoattack-rand.");
        }

        if (parse.GetValue(threads) is { } t)
        {
            torch.set_num_threads(t);
        }

        var source = ResolveDataset(run, parse.GetValue(dataset), parse.GetValue(dataPath),
            parse.GetResult(imageSize) is { Implicit: false } ? parse.GetValue(imageSize) : null, parse.GetValue(otherDataset), out string? dataNote);
        if (dataNote is not null)
        {
            Console.Error.WriteLine("note: " + dataNote);
        }

        source.Validate();
        var kind = source.Kind;
        var (_, test) = source.Open();
        int count = Math.Min(test.Count, parse.GetValue(limit) ?? test.Count);
        if (count < 1)
        {
            throw new ArgumentException("--limit must be at least 1.");
        }

        int dimension = test.Shape.Channels * test.Shape.Height * test.Shape.Width;
        var linf = ParseList(parse.GetValue(eps), "--eps") ?? [1.0 / 255, 2.0 / 255, 4.0 / 255, 8.0 / 255, 16.0 / 255];
        var indices = ParseIntegers(parse.GetValue(grid), "--grid") ?? [2, 4, 6, 8];
        if (indices.Any(i => i < 0 || i > 8))
        {
            throw new ArgumentException("--grid indices must be 0 to 8.");
        }

        var options = presetName switch
        {
            "vonenet" => RobustnessPresets.VOneNetProtocol(dimension, parse.GetValue(eot) ?? 10, parse.GetValue(authorsStep), indices),
            "autoattack-rand" => RobustnessPresets.AutoAttackRand(ThreatNorm.Linf, linf, eotSamples: parse.GetValue(eot) ?? 20),
            _ => RobustnessPresets.Quick(dimension, linf),
        };
        if (parse.GetValue(eot) is int k && presetName == "quick")
        {
            options = options with { Sweeps = options.Sweeps.Select(s => s with { Attack = s.Attack with { EotSamples = k } }).ToArray() };
        }

        if (parse.GetValue(steps) is int st)
        {
            // A preset's PGD step (a fraction of eps) is chosen for its iteration count: the VOneNet protocol's eps/32 over 64
            // steps travels 2 eps. Fewer steps at the same step size could not even reach the boundary (the FGSM check then
            // fails), so the step is rescaled to keep the distance travelled: relative step x steps stays the preset's.
            options = options with
            {
                Sweeps = options.Sweeps.Select(s => s with
                {
                    Attack = s.Attack.Kind == AttackKind.Pgd
                        ? s.Attack with { Steps = st, RelativeStepSize = s.Attack.RelativeStepSize * s.Attack.Steps / st }
                        : s.Attack with { Steps = st },
                }).ToArray(),
            };
        }

        options = options with
        {
            ScoringDraws = parse.GetValue(draws),
            AttackNoise = parse.GetValue(attackNoise),
            ScoringNoise = parse.GetValue(scoringNoise),
            Checks = !parse.GetValue(noChecks),
            BatchSize = parse.GetValue(batchSize),
            Seed = parse.GetValue(seed),
            StandardEpsilon = ParseList(parse.GetValue(standardEps), "--standard-eps")?[0] ?? options.StandardEpsilon,
            Corruptions = CorruptionsFor(parse.GetValue(corruptions)!, parse.GetValue(severities)!, parse.GetValue(baseline), Math.Max(test.Shape.Height, test.Shape.Width)),
        };
        options.Validate();
        var selected = DeviceSelector.Select(parse.GetValue(device));
        var net = LoadModel(run, test, parse.GetValue(model), parse.GetValue(vone), parse.GetValue(width), selected, out string modelName, out string modelDescription);
        nn.Module<Tensor, Tensor>? controlNet = null;
        if (parse.GetValue(control) is { } controlRun)
        {
            controlNet = LoadModel(controlRun, test, null, null, parse.GetValue(controlWidth) ?? parse.GetValue(width), selected, out _, out _);
        }

        var (images, labels) = LoadImages(test, count, selected);

        string outputDir = parse.GetValue(output) ?? Path.Combine(Directory.Exists(run) ? run : Path.GetDirectoryName(Path.GetFullPath(run))!, "robustness-" + presetName);
        // The report folder is the evaluation's run store: its cells are reused only by a run with the same fingerprint
        // (options, model, weights, images); "cells" and "report.json" mark folders written before stores had manifests.
        var store = RunStore.Open(outputDir, parse.GetValue(overwrite), "cells", "report.json");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Evaluating {modelName} on {count} test images of {source} ({presetName} preset) on {DeviceSelector.Describe(selected)}; report in {Path.GetFullPath(outputDir)} (resumes from its stored cells)"));
        var evaluator = new RobustnessEvaluator(options);
        using var signals = new StopSignals("Stopping; finished cells are kept (rerun the same command to continue).");
        RobustnessReport report;
        try
        {
            report = ConsoleProgress.Show("robustness", p => evaluator.Evaluate(net, images, labels, test.Classes.Count, modelName, kind.ToString(), controlNet, store, p, signals.Token, modelDescription));
        }
        catch (OperationCanceledException)
        {
            return signals.ExitCode;
        }

        BioVision.Reports.RobustnessReportWriter.Write(report, outputDir);
        Console.WriteLine();
        Console.Write(report.ToString());
        net.Dispose();
        controlNet?.Dispose();
        return report.AnyCheckFailed ? 3 : 0; // no check ran (--no-checks) is not a failure; the report says so
    }

    /// <summary>
    /// The test set to evaluate a run on: the dataset its recipe records unless <c>--dataset</c> names another, which is
    /// refused unless <c>--other-dataset</c> says it is meant (a model evaluated on another dataset's images scores near
    /// chance and every check still passes). A weights file or a run that records no dataset uses <c>--dataset</c>, by
    /// default Fashion-MNIST, with a note saying so.
    /// </summary>
    internal static DatasetSource ResolveDataset(string run, string? datasetName, string? dataPath, int? imageSize, bool otherDataset, out string? note)
    {
        note = null;
        var recorded = Directory.Exists(run) ? TrainingCheckpoint.TryRead(run)?.Recipe?.Dataset : null;
        if (recorded is null)
        {
            var kind = datasetName is null ? DatasetKind.FashionMnist : DatasetCatalog.Parse(datasetName);
            if (datasetName is null)
            {
                note = $"'{run}' does not record the dataset it was trained on (a weights file, or a run written before BioVision recorded it): evaluating on fashion-mnist; pass --dataset to choose.";
            }

            return DatasetSource.Of(kind, dataPath, 0, imageSize ?? 64);
        }

        var requested = datasetName is null ? recorded.Kind : DatasetCatalog.Parse(datasetName);
        bool same = requested == recorded.Kind;
        // A standard data set's recorded folder is only where it lay when the run was trained: on another machine the
        // default location serves (the same data); an image folder is the dataset itself and stays as recorded.
        bool recordedFolderServes = same && (recorded.Kind == DatasetKind.Folder || Directory.Exists(recorded.Path));
        var source = DatasetSource.Of(requested, dataPath ?? (recordedFolderServes ? recorded.Path : null), same ? recorded.Seed : 0,
            imageSize ?? (same && recorded.ImageSize > 0 ? recorded.ImageSize : 64));
        if (recorded.Difference(source) is { } difference && !otherDataset)
        {
            throw new ArgumentException(
                $"'{run}' was trained on {recorded}; this evaluation asks for {source} ({difference}). Drop --dataset/--data-path/--image-size to evaluate on the training dataset's test split, or pass --other-dataset to evaluate on another dataset on purpose.");
        }

        if (same && dataPath is not null && !string.Equals(source.Path, recorded.Path, StringComparison.Ordinal) && recorded.Difference(source) is null)
        {
            note = $"the run was trained on {recorded}; reading the same dataset from {source.Path}.";
        }

        return source;
    }

    internal static nn.Module<Tensor, Tensor> LoadModel(string path, IImageDataset test, BackboneKind? backbone, bool? vone, int width, Device device, out string name, out string description)
    {
        // One loader (TrainedModel.Open): a run folder's recorded spec wins; --model/--vone may only confirm it. The
        // options complete older checkpoints and describe bare weights files.
        var fallback = ModelSpec.ForDataset(test, backbone ?? BackboneKind.SmallCnn, vone ?? false, width);
        torch.random.manual_seed(0);
        var loaded = TrainedModel.Open(path, device, fallback);
        if ((backbone is { } b && b != loaded.Spec.Backbone) || (vone is { } v && v != loaded.Spec.VOne))
        {
            loaded.Dispose();
            throw new DataFormatException($"'{path}' holds a {loaded.Spec.Name}; drop --model/--vone or pass the recorded ones.");
        }

        name = loaded.Name;
        description = loaded.Description;
        return loaded.Model;
    }

    internal static (Tensor Images, Tensor Labels) LoadImages(IImageDataset test, int count, Device device)
    {
        var images = new Tensor[count];
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            images[i] = test.GetImage(i);
            labels[i] = test.GetLabel(i);
        }

        var batch = torch.stack(images).to(device);
        foreach (var image in images)
        {
            image.Dispose();
        }

        return (batch, torch.tensor(labels, device: device));
    }

    private static CorruptionOptions? CorruptionsFor(string list, string severities, string? baselinePath, int side)
    {
        if (string.Equals(list, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var kinds = string.Equals(list, "all", StringComparison.OrdinalIgnoreCase)
            ? Enum.GetValues<CorruptionKind>()
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CorruptionTable.Parse).ToArray();
        var levels = ParseIntegers(severities, "--severities")!;
        if (levels.Any(s => s < 1 || s > 5))
        {
            throw new ArgumentException("--severities must be between 1 and 5.");
        }

        CorruptionBaseline? baseline = null;
        if (baselinePath is not null)
        {
            if (!File.Exists(baselinePath))
            {
                throw new FileNotFoundException($"Baseline report '{baselinePath}' does not exist.");
            }

            baseline = RobustnessReport.FromJson(File.ReadAllText(baselinePath)).AsCorruptionBaseline();
        }
        else if (CorruptionTable.ForSize(side) == CorruptionParameterSet.ImageNetC)
        {
            baseline = CorruptionBaseline.AlexNet;
        }

        return new CorruptionOptions { Kinds = kinds, Severities = levels, Baseline = baseline };
    }

    internal static double[]? ParseList(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fraction = part.Split('/');
            bool ok = fraction.Length switch
            {
                1 => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && Add(v),
                2 => double.TryParse(fraction[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                     && double.TryParse(fraction[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && b != 0 && Add(a / b),
                _ => false,
            };
            if (!ok)
            {
                throw new ArgumentException($"{option}: '{part}' is not a number or fraction.");
            }
        }

        if (values.Count == 0 || values.Any(v => v < 0 || !double.IsFinite(v)))
        {
            throw new ArgumentException($"{option} must list finite non-negative numbers (got '{text}').");
        }

        return values.ToArray();

        bool Add(double v)
        {
            values.Add(v);
            return true;
        }
    }

    /// <summary>A comma-separated list of whole numbers (<c>1,3,5</c>), or null when empty; a fraction or a non-number is refused, never truncated.</summary>
    internal static int[]? ParseIntegers(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            {
                throw new ArgumentException($"{option}: '{part}' is not a whole number.");
            }

            values.Add(v);
        }

        return values.Count == 0 ? throw new ArgumentException($"{option} lists no values (got '{text}').") : values.ToArray();
    }
}
