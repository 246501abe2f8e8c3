using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Native;
using BioVision.Training;
using BioVision.V1;
using TorchSharp;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench train</c>: training throughput (images per second: forward, backward and optimiser step) of a
/// model at a batch size, beside the same architecture and step in PyTorch (<c>tests/benchmarks/train_step.py</c>, run
/// in the same session with the same model, width, batch, steps and threads), the ratio of that run, the load average,
/// and the physical limit the counted FLOPs and an assumed peak give. Data loading is not timed on either side: the
/// batches are built before the clock starts.
/// </summary>
internal static class BenchTrainCommand
{
    /// <summary>The reference script, in <see cref="PythonReference.ScriptsRelativeFolder"/>.</summary>
    public const string Script = "train_step.py";

    /// <summary>Most distinct batches built before timing (they are cycled through), on both sides.</summary>
    private const int MaxPreparedBatches = 64;

    public static Command Create(string name = "train")
    {
        var model = new Option<BackboneKind>("--model") { Description = "Backbone to time (the PyTorch reference covers SmallCnn).", DefaultValueFactory = _ => BackboneKind.SmallCnn };
        var vone = new Option<bool>("--vone") { Description = "Time the VOne variant (V1 front end before the backbone)." };
        var frontEnd = new Option<string?>("--front-end") { Description = "Time another front end (implies --vone): VOneDN, EV, LearnedV1 or RandomV1; the PyTorch reference exists for VOne only." };
        var width = new Option<int>("--width") { Description = "SmallCnn width.", DefaultValueFactory = _ => 32 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per batch.", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up steps.", DefaultValueFactory = _ => 5 };
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (default) or procedural.", DefaultValueFactory = _ => "fashion-mnist" };
        var dataPath = new Option<string?>("--data-path") { Description = "Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads, for BioVision and the reference (default: libtorch's)." };
        var peak = new Option<double?>("--peak-gflops")
        {
            Description = "Assumed FP32 peak of the threads used, GFLOP/s, for the physical-limit line. Default: threads x FLOP/cycle " +
                          "(64 with AVX-512, as two 512-bit FMA pipes; 32 with AVX2; 16 otherwise) x the clock /proc/cpuinfo reports " +
                          "('cpu MHz': on virtual machines often the base clock, which boost exceeds); where it reports none the line says so.",
        };
        var command = new Command(name, "Training throughput (images/s) of a model at a batch size, beside the same step in PyTorch run in the same session.")
        {
            model, vone, frontEnd, width, batchSize, steps, warmup, dataset, dataPath, device, threads, peak,
        };
        var reference = PythonReference.AddOptions(command);
        command.SetAction(parse =>
        {
            var kind = DatasetCatalog.Parse(parse.GetValue(dataset)!);
            var (train, _) = DatasetCatalog.Open(kind, parse.GetValue(dataPath));
            var selected = DeviceSelector.Select(parse.GetValue(device));
            if (parse.GetValue(threads) is { } t)
            {
                torch.set_num_threads(t);
            }

            int usedThreads = torch.get_num_threads();
            var kindOfFrontEnd = parse.GetValue(frontEnd) is { } frontEndName ? FrontEnds.Parse(frontEndName) : FrontEndKind.VOne;
            var spec = ModelSpec.ForDataset(train, parse.GetValue(model), parse.GetValue(vone) || parse.GetValue(frontEnd) is not null, parse.GetValue(width)) with { FrontEnd = kindOfFrontEnd };
            int batch = parse.GetValue(batchSize), timed = Math.Max(1, parse.GetValue(steps)), warm = Math.Max(0, parse.GetValue(warmup));
            var block = spec.VOne ? ModelFactory.BlockFor(spec) : null;
            string loadBefore = PythonReference.LoadAverage();
            var (rate, parameters) = TimeBioVision(train, spec, batch, timed, warm, selected);
            string loadBetween = PythonReference.LoadAverage();
            var run = RunReference(reference(parse), spec, block, kind, parse.GetValue(dataPath), batch, timed, warm, usedThreads);
            string loadAfter = PythonReference.LoadAverage();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench train: {spec.Name} (width {spec.Width}) on {kind} {train.Shape}, batch {batch}, {timed} timed steps after {warm} warm-up, {DeviceSelector.Describe(selected)}, {usedThreads} threads"));
            Console.WriteLine($"Architecture: {Architecture(spec, block)}");
            string referenceParameters = run.Result is { } r && r.TryGetProperty("arch", out var arch) && arch.TryGetProperty("trainable_parameters", out var p) ? p.ToString() : "n/a";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trainable parameters: BioVision {parameters}, reference {referenceParameters}{(run.Ran ? (referenceParameters == parameters.ToString(CultureInfo.InvariantCulture) ? " (same)" : " (DIFFERENT: the comparison is not like for like)") : "")}"));
            Console.WriteLine($"BioVision: Trainer.Step (SGD momentum 0.9, wd 5e-4, lr 0.05, cross-entropy, divergence guard), CPU convolutions {CpuNumerics.Describe()}");
            string data = run.Result is { } rr && rr.TryGetProperty("data", out var d) ? d.ToString() : "n/a";
            Console.WriteLine($"Reference: {Script}, {run.Describe()}{(run.Ran ? $", data {data}" : "")}");
            Console.WriteLine("Data loading is not timed on either side (the batches are built before the clock starts and cycled through).");
            PythonReference.PrintMachine(Console.Out, loadBefore, loadBetween, loadAfter);
            double? referenceRate = run.Number("images_per_second");
            Console.WriteLine("setting                         BioVision img/s   reference img/s   ratio (x faster)");
            string referenceText = run.Ran ? referenceRate is { } q ? q.ToString("F0", CultureInfo.InvariantCulture) : "not run: no images_per_second in its output" : run.NotRunText;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{$"{spec.Name} w{spec.Width} train b{batch}",-30}  {rate,15:F0}   {referenceText,15}   {PythonReference.FormatRatio(rate / referenceRate)}"));
            PrintLimit(spec, block, usedThreads, parse.GetValue(peak), rate, referenceRate);
            return 0;
        });
        return command;
    }

    /// <summary>Images per second of <see cref="Trainer.Step"/> over prepared batches, and the trainable parameter count.</summary>
    private static (double Rate, long Parameters) TimeBioVision(IImageDataset train, ModelSpec spec, int batch, int timed, int warm, torch.Device selected)
    {
        // The same recipe as `biovision train`'s defaults and the very step Trainer.Fit runs (Trainer.Step).
        var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 5e-4, BatchSize = batch };
        var trainer = new Trainer(spec, options);
        torch.random.manual_seed(0);
        using var network = ModelFactory.Create(spec, selected);
        network.train();
        using var optimizer = TrainingOptimizer.Create(network, options);
        var parameters = network.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (torch.Tensor)p.parameter)).ToList();
        long count = parameters.Sum(p => p.Item2.numel());
        using var finite = torch.full(parameters.Count + 1, long.MaxValue, torch.ScalarType.Int64, selected);
        var loader = new DataLoader(train, new DataLoaderOptions { BatchSize = batch, Seed = 0, Shuffle = true, DropLast = true });
        int prepared = Math.Min(Math.Min(warm + timed, MaxPreparedBatches), loader.BatchesPerEpoch);
        var batches = Enumerable.Range(0, prepared).Select(i => loader.GetBatch(0, i, selected)).ToList();
        try
        {
            int imagesPerBatch = batches[0].Size;
            var clock = new Stopwatch();
            for (int s = 0; s < warm + timed; s++)
            {
                if (s == warm)
                {
                    Synchronize(selected);
                    clock.Start();
                }

                using var scope = torch.NewDisposeScope();
                var b = batches[s % prepared];
                trainer.Step(network, optimizer, parameters, b.Images, b.Labels, options.LearningRate, finite, s);
            }

            Synchronize(selected);
            clock.Stop();
            Trainer.ThrowIfNotFinite(finite, parameters, 0, 0, warm + timed - 1);
            return ((double)timed * imagesPerBatch / clock.Elapsed.TotalSeconds, count);
        }
        finally
        {
            foreach (var b in batches)
            {
                b.Dispose();
            }
        }
    }

    private static ReferenceRun RunReference(PythonReference reference, ModelSpec spec, VOneBlockOptions? block, DatasetKind kind, string? dataPath,
        int batch, int timed, int warm, int threads)
    {
        if (spec.Backbone != BackboneKind.SmallCnn || (spec.VOne && spec.FrontEnd != FrontEndKind.VOne))
        {
            return ReferenceRun.NotRun($"{Script} builds SmallCnn and VOne-SmallCnn only (got {spec.Name})", Script);
        }

        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--model", spec.VOne ? "vone-smallcnn" : "smallcnn", "--width", I(spec.Width), "--batch-size", I(batch),
            "--steps", I(timed), "--warmup", I(warm), "--threads", I(threads),
            "--image-size", I(spec.ImageSize), "--channels", I(spec.InputChannels), "--classes", I(spec.Classes),
        };
        if (block is not null)
        {
            if (block.SimpleChannels != block.ComplexChannels)
            {
                return ReferenceRun.NotRun($"{Script} takes equal simple and complex V1 channels (got {block.SimpleChannels} and {block.ComplexChannels})", Script);
            }

            args.AddRange(["--v1-kernel", I(block.KernelSize), "--v1-stride", I(block.Stride), "--v1-channels", I(block.SimpleChannels)]);
        }

        if (kind == DatasetKind.FashionMnist)
        {
            args.AddRange(["--data-path", dataPath ?? FashionMnist.DefaultDirectory]);
        }
        else
        {
            args.Add("--random-data");
        }

        return reference.Run(Script, args);
    }

    private static string Architecture(ModelSpec spec, VOneBlockOptions? block)
    {
        string backbone = spec.Backbone == BackboneKind.SmallCnn
            ? $"SmallCnn(in {(spec.VOne ? spec.Width : spec.InputChannels)}, width {spec.Width}/{2 * spec.Width}, 4 conv3x3-BN-ReLU, 2 max-pools, avg-pool 2x2, linear {8 * spec.Width}->{spec.Classes})"
            : spec.Backbone.ToString();
        return block is null
            ? $"{backbone}, input {spec.InputChannels}x{spec.ImageSize}x{spec.ImageSize}"
            : $"V1 block ({block.SimpleChannels} simple + {block.ComplexChannels} complex, kernel {block.KernelSize}, stride {block.Stride}, {block.InputChannels} input channel(s), {block.Implementation} GFB, noise {block.NoiseMode}), " +
              $"bottleneck 1x1 {block.OutputChannels}->{spec.Width}, {backbone}, input {spec.InputChannels}x{spec.ImageSize}x{spec.ImageSize}";
    }

    /// <summary>
    /// Training FLOPs per image of a SmallCnn or VOne-SmallCnn (null for other backbones): 2 FLOPs per multiply-accumulate of
    /// the convolutions and the linear layer; each trainable layer counts three times (forward, input gradient, weight
    /// gradient) except that the first trainable layer computes no input gradient; the fixed V1 filter bank counts its
    /// forward only (no gradient reaches it), as one filter per output channel over its one input channel (BioVision's
    /// per-channel formulation). Batch norm, ReLU, pooling, noise and the optimiser are not counted (they are
    /// memory-bound), so the limit derived from it is an upper bound.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="block">Its V1 block (null without the front end).</param>
    internal static double? TrainingFlopsPerImage(ModelSpec spec, VOneBlockOptions? block)
    {
        if (spec.VOne && spec.FrontEnd != FrontEndKind.VOne)
        {
            return null; // the count below describes the VOne block's fixed per-channel bank only
        }

        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Backbone != BackboneKind.SmallCnn)
        {
            return null;
        }

        double fixedMacs = 0;
        var trainable = new List<double>();
        long size = spec.ImageSize;
        long channels = spec.InputChannels;
        if (spec.VOne)
        {
            ArgumentNullException.ThrowIfNull(block);
            long k = block.KernelSize;
            long outSize = ((size + (2 * (k / 2)) - k) / block.Stride) + 1;
            fixedMacs = (double)outSize * outSize * (block.SimpleChannels + (2L * block.ComplexChannels)) * k * k;
            trainable.Add((double)outSize * outSize * block.OutputChannels * spec.Width);
            size = outSize;
            channels = spec.Width;
        }

        long w = spec.Width, w2 = 2 * spec.Width;
        trainable.Add((double)size * size * w * channels * 9);
        trainable.Add((double)size * size * w * w * 9);
        size /= 2;
        trainable.Add((double)size * size * w2 * w * 9);
        trainable.Add((double)size * size * w2 * w2 * 9);
        trainable.Add((double)w2 * 4 * spec.Classes);
        return 2 * (fixedMacs + (3 * trainable.Sum()) - trainable[0]);
    }

    private static void PrintLimit(ModelSpec spec, VOneBlockOptions? block, int threads, double? peakGflops, double rate, double? referenceRate)
    {
        if (TrainingFlopsPerImage(spec, block) is not { } flops)
        {
            Console.WriteLine($"Physical limit: not computed (FLOPs are counted for SmallCnn and VOne-SmallCnn only, not {spec.Name}).");
            return;
        }

        string achieved = string.Create(CultureInfo.InvariantCulture,
            $"{flops / 1e6:F1} MFLOP per training image (conv/linear multiply-adds x2; forward, input and weight gradients; fixed V1 forward only): " +
            $"BioVision {rate * flops / 1e9:F1} GFLOP/s{(referenceRate is { } q ? $", reference {q * flops / 1e9:F1} GFLOP/s" : "")}");
        Console.WriteLine(achieved);
        string assumption;
        if (peakGflops is { } given)
        {
            assumption = "--peak-gflops";
        }
        else if (ClockGhz() is { } ghz)
        {
            int perCycle = CpuNumerics.CpuInstructionSet switch { "AVX-512" => 64, "AVX2" => 32, _ => 16 };
            given = threads * perCycle * ghz;
            assumption = string.Create(CultureInfo.InvariantCulture, $"{threads} threads x {perCycle} FP32 FLOP/cycle x {ghz:F2} GHz, the clock /proc/cpuinfo reports, which boost can exceed; --peak-gflops to override");
        }
        else
        {
            Console.WriteLine("Physical limit: not computed (this machine reports no CPU clock in /proc/cpuinfo; pass --peak-gflops).");
            return;
        }

        double limit = given * 1e9 / flops;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Physical limit: {limit:F0} img/s at an assumed peak of {given:F0} GFLOP/s ({assumption}); BioVision at {100 * rate / limit:F0} %" +
            $"{(referenceRate is { } r ? $", reference at {100 * r / limit:F0} %" : "")} of it."));
    }

    /// <summary>The CPU clock /proc/cpuinfo reports (<c>cpu MHz</c> of the first processor), in GHz, or null.</summary>
    private static double? ClockGhz()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo"))
            {
                return null;
            }

            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("cpu MHz", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0
                    && double.TryParse(line[(colon + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double mhz) && mhz > 0)
                {
                    return mhz / 1000;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }

    private static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize(device);
        }
    }
}
