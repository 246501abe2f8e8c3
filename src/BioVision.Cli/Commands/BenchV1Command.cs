using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Devices;
using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench v1</c>: VOneBlock forward times (noise on and off) beside the reference's figures, a VOneResNet18
/// training step, and a native-memory check over repeated forward passes.
/// </summary>
internal static class BenchV1Command
{
    // Reference VOneBlock forward medians (dicarlolab/vonenet, torch 1.13, 2 threads, 224 px, defaults) in seconds.
    private static readonly Dictionary<int, (double Noise, double NoNoise)> Reference = new()
    {
        [1] = (0.10, 0.035),
        [8] = (1.7, 0.72),
        [32] = (9.4, 4.7),
    };

    public static Command Create()
    {
        var batches = new Option<string>("--batches") { Description = "Comma-separated batch sizes for the VOneBlock forward (default 1,8,32).", DefaultValueFactory = _ => "1,8,32" };
        var iterations = new Option<int>("--iterations") { Description = "Timed forward passes per configuration; the median is reported (default 5).", DefaultValueFactory = _ => 5 };
        var imageSize = new Option<int>("--image-size") { Description = "Image side in pixels (default 224, the reference's).", DefaultValueFactory = _ => 224 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (default 2, as the reference figures).", DefaultValueFactory = _ => 2 };
        var implementation = new Option<GfbImplementation>("--implementation") { Description = "PerChannel (default), Grouped, Unfold, or Dense (the reference formulation).", DefaultValueFactory = _ => GfbImplementation.PerChannel };
        var trainBatch = new Option<int>("--train-batch") { Description = "Batch of the VOneResNet18 training step; 0 skips it (default 8).", DefaultValueFactory = _ => 8 };
        var trainIterations = new Option<int>("--train-iterations") { Description = "Timed training steps (default 3).", DefaultValueFactory = _ => 3 };
        var memoryPasses = new Option<int>("--memory-passes") { Description = "Forward passes (batch 1, noise on) for the native-memory check; 0 skips it (default 1000).", DefaultValueFactory = _ => 1000 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N (default auto).", DefaultValueFactory = _ => "auto" };
        var command = new Command("v1", "Time the VOneBlock forward (noise on/off) and a VOneResNet18 training step against the reference; check native memory.")
        {
            batches, iterations, imageSize, threads, implementation, trainBatch, trainIterations, memoryPasses, device,
        };
        command.SetAction(parse =>
        {
            var dev = DeviceSelector.Select(parse.GetValue(device));
            int nThreads = parse.GetValue(threads);
            if (nThreads > 0)
            {
                torch.set_num_threads(nThreads);
            }

            int size = parse.GetValue(imageSize);
            int iters = Math.Max(1, parse.GetValue(iterations));
            var impl = parse.GetValue(implementation);
            int[] sizes = ParseBatches(parse.GetValue(batches) ?? "1,8,32");
            Console.WriteLine($"VOneBlock forward, {size} px, defaults (256+256 channels, ksize 25, stride 4), {impl} GFB, " +
                              $"{DeviceSelector.Describe(dev)}, {torch.get_num_threads()} threads, median of {iters}, no_grad");
            if (File.Exists("/proc/loadavg"))
            {
                Console.WriteLine($"Load average (1/5/15 min) at start: {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} on {Environment.ProcessorCount} cores (timings are only meaningful on an idle machine)");
            }

            Console.WriteLine($"{"batch",6} {"noise",6} {"median s",10} {"reference s",12} {"speed-up",9}");
            var baseOptions = new VOneBlockOptions { Implementation = impl, ImageSize = size };
            foreach (bool noise in new[] { true, false })
            {
                using var block = new VOneBlock(baseOptions with { NoiseMode = noise ? NoiseMode.Neuronal : NoiseMode.None }, null, dev);
                block.eval();
                foreach (int b in sizes)
                {
                    double median = TimeForward(block, b, size, iters, dev);
                    string reference = "n/a", ratio = "n/a";
                    if (size == 224 && Reference.TryGetValue(b, out var r))
                    {
                        double refValue = noise ? r.Noise : r.NoNoise;
                        reference = refValue.ToString("F3", CultureInfo.InvariantCulture);
                        ratio = (refValue / median).ToString("F2", CultureInfo.InvariantCulture) + "x";
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b,6} {(noise ? "on" : "off"),6} {median,10:F4} {reference,12} {ratio,9}"));
                }
            }

            int tb = parse.GetValue(trainBatch);
            if (tb > 0)
            {
                double step = TimeTrainingStep(tb, size, Math.Max(1, parse.GetValue(trainIterations)), impl, dev);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"VOneResNet18 training step (batch {tb}, {size} px, SGD, cross-entropy): median {step:F3} s (no reference figure)"));
            }

            int passes = parse.GetValue(memoryPasses);
            if (passes > 0)
            {
                MemoryCheck(passes, size, impl, dev);
            }

            return 0;
        });
        return command;
    }

    private static int[] ParseBatches(string text)
    {
        try
        {
            int[] values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (values.Length == 0 || values.Any(v => v < 1))
            {
                throw new FormatException();
            }

            return values;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--batches must be a comma-separated list of positive integers, got '{text}'.");
        }
    }

    private static double TimeForward(VOneBlock block, int batch, int size, int iterations, Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.rand(batch, 3, size, size, device: device);
        block.forward(x).Dispose();
        var times = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var y = block.forward(x))
            {
                if (device.type == DeviceType.CUDA)
                {
                    torch.cuda.synchronize(device);
                }
            }

            times.Add(sw.Elapsed.TotalSeconds);
        }

        return Median(times);
    }

    private static double TimeTrainingStep(int batch, int size, int iterations, GfbImplementation impl, Device device)
    {
        using var model = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions { Block = new VOneBlockOptions { Implementation = impl, ImageSize = size } }, 1000, device);
        model.train();
        using var optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var times = new List<double>();
        for (int i = 0; i <= iterations; i++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.rand(batch, 3, size, size, device: device);
            var target = torch.randint(0, 1000, new long[] { batch }, device: device);
            var sw = Stopwatch.StartNew();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), target);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalSeconds);
            }
        }

        return Median(times);
    }

    private static void MemoryCheck(int passes, int size, GfbImplementation impl, Device device)
    {
        using var block = new VOneBlock(new VOneBlockOptions { Implementation = impl, ImageSize = size }, null, device);
        block.eval();
        using var noGrad = torch.no_grad();
        void Pass()
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.rand(1, 3, size, size, device: device);
            _ = block.forward(x);
        }

        for (int i = 0; i < Math.Min(20, passes); i++)
        {
            Pass();
        }

        // A measurement, not a fix: settle the managed heap before each RSS reading so that the difference shows native
        // growth over the passes rather than where the GC happened to be.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = Environment.WorkingSet;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < passes; i++)
        {
            Pass();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long after = Environment.WorkingSet;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Native memory: RSS {before / 1048576.0:F1} MiB before, {after / 1048576.0:F1} MiB after {passes} forward passes " +
            $"(batch 1, noise on; change {(after - before) / 1048576.0:+0.0;-0.0} MiB, {sw.Elapsed.TotalSeconds:F1} s)"));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
