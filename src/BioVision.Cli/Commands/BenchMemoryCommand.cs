using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using BioVision.V1;
using TorchSharp;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench memory</c>: the process's resident memory (RSS) over a long run of VOneBlock forward passes and
/// of training steps (<see cref="Trainer"/>'s own step, VOne-SmallCnn), sampled every <c>--every</c> steps, with the
/// growth from the second sample (after warm-up) to the end. Flat means native memory is released step by step.
/// </summary>
internal static class BenchMemoryCommand
{
    public static Command Create()
    {
        var imageSize = new Option<int>("--image-size") { Description = "Height and width of the procedural images (the V1 block is the scaled front end for this size).", DefaultValueFactory = _ => 64 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per batch.", DefaultValueFactory = _ => 8 };
        var forwardSteps = new Option<int>("--forward-steps") { Description = "VOneBlock forward passes.", DefaultValueFactory = _ => 2000 };
        var trainSteps = new Option<int>("--train-steps") { Description = "Training steps.", DefaultValueFactory = _ => 500 };
        var every = new Option<int>("--every") { Description = "Steps between RSS samples.", DefaultValueFactory = _ => 100 };
        var width = new Option<int>("--width") { Description = "SmallCnn width of the trained VOne-SmallCnn (and its V1 block's simple and complex channels).", DefaultValueFactory = _ => 8 };
        var channels = new Option<int>("--channels") { Description = "Simple and complex channels (each) of the V1 block of the forward loop (reference 256; fewer keep the run short).", DefaultValueFactory = _ => 32 };
        var tolerance = new Option<double>("--tolerance-mb") { Description = "Growth (MB) up to which a curve is called flat.", DefaultValueFactory = _ => 16 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads (default: libtorch's)." };
        var command = new Command("memory", "Resident memory (RSS) over long VOneBlock forward and training loops: the curve and its growth.")
        {
            imageSize, batchSize, forwardSteps, trainSteps, every, width, channels, tolerance, device, threads,
        };
        command.SetAction(parse =>
        {
            int size = parse.GetValue(imageSize), batch = parse.GetValue(batchSize), interval = parse.GetValue(every);
            int forwards = parse.GetValue(forwardSteps), steps = parse.GetValue(trainSteps);
            foreach (var (name, value) in new[] { ("--image-size", size), ("--batch-size", batch), ("--every", interval), ("--forward-steps", forwards), ("--train-steps", steps), ("--width", parse.GetValue(width)), ("--channels", parse.GetValue(channels)) })
            {
                if (value < 1)
                {
                    throw new ArgumentException($"{name} must be at least 1, got {value}.");
                }
            }

            if (size < 16)
            {
                throw new ArgumentException($"--image-size must be at least 16, got {size}.");
            }

            var selected = DeviceSelector.Select(parse.GetValue(device));
            if (parse.GetValue(threads) is { } t)
            {
                if (t < 1)
                {
                    throw new ArgumentException($"--threads must be at least 1, got {t}.");
                }

                torch.set_num_threads(t);
            }

            double limit = parse.GetValue(tolerance);
            var data = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = Math.Max(10 * batch, 200), Size = size, Seed = 1 });
            var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = batch, Shuffle = true, Seed = 1 });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench memory: {size} px, batch {batch}, {DeviceSelector.Describe(selected)}, {torch.get_num_threads()} threads; RSS every {interval} steps"));

            var blockOptions = ScaledFrontEnd.ForImageSize(size, 1) with { SimpleChannels = parse.GetValue(channels), ComplexChannels = parse.GetValue(channels) };
            Header($"VOneBlock forward ({blockOptions.SimpleChannels}+{blockOptions.ComplexChannels} channels, noise {blockOptions.NoiseMode})");
            var forward = new List<(int Step, double RssMb, double ManagedMb)>();
            using (var block = new VOneBlock(blockOptions))
            {
                block.to(selected);
                using var noGrad = torch.no_grad();
                for (int s = 1; s <= forwards; s++)
                {
                    using var scope = torch.NewDisposeScope();
                    var images = loader.GetBatch(0, s % loader.BatchesPerEpoch, selected).Images;
                    _ = block.forward(images);
                    Sample(forward, s, forwards, interval);
                }
            }

            Print(forward, limit);

            var spec = new ModelSpec { VOne = true, Width = parse.GetValue(width), ImageSize = size, InputChannels = 1, Classes = data.Classes.Count };
            var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9, WeightDecay = 5e-4, BatchSize = batch };
            var trainer = new Trainer(spec, options);
            Header($"{spec.Name} (width {spec.Width}) training steps");
            var training = new List<(int Step, double RssMb, double ManagedMb)>();
            using (var network = ModelFactory.Create(spec, selected, options.Seed))
            {
                network.train();
                using var optimizer = TrainingOptimizer.Create(network, options);
                var parameters = network.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (torch.Tensor)p.parameter)).ToList();
                using var finite = torch.full(parameters.Count + 1, long.MaxValue, torch.ScalarType.Int64, selected);
                for (int s = 1; s <= steps; s++)
                {
                    using var scope = torch.NewDisposeScope();
                    var b = loader.GetBatch(s / loader.BatchesPerEpoch, s % loader.BatchesPerEpoch, selected);
                    trainer.Step(network, optimizer, parameters, b.Images, b.Labels, options.LearningRate, finite, s);
                    Sample(training, s, steps, interval);
                }

                Trainer.ThrowIfNotFinite(finite, parameters, 0, 0, steps - 1);
            }

            Print(training, limit);
            return 0;
        });
        return command;
    }

    /// <summary>Records (and prints, as the run goes) the RSS after the first step, every <paramref name="interval"/> steps and at the end.</summary>
    private static void Sample(List<(int Step, double RssMb, double ManagedMb)> curve, int step, int last, int interval)
    {
        if (step == 1 || step % interval == 0 || step == last)
        {
            using var process = Process.GetCurrentProcess();
            var sample = (step, process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0);
            curve.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sample.step,7}  {sample.Item2,9:F1}  {sample.Item3,11:F1}"));
        }
    }

    private static void Header(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine("   step     RSS MB   managed MB");
    }

    private static void Print(List<(int Step, double RssMb, double ManagedMb)> curve, double limit)
    {

        // The first sample is taken after one step (allocator pools and kernels still warming up); growth is measured
        // from the second one to the end.
        var from = curve[Math.Min(1, curve.Count - 1)];
        var to = curve[^1];
        double growth = to.RssMb - from.RssMb;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"growth from step {from.Step} to step {to.Step}: {growth:+0.0;-0.0;0.0} MB RSS ({to.ManagedMb - from.ManagedMb:+0.0;-0.0;0.0} MB managed): {(growth <= limit ? "flat" : "GROWING")} (tolerance {limit:F0} MB)"));
    }
}
