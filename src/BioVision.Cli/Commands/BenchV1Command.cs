using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BioVision.Devices;
using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench v1</c>: VOneBlock forward times (noise on and off) beside the reference VOneBlock
/// (dicarlolab/vonenet, run by <c>tests/benchmarks/vone_block_forward.py</c> in the same session from a checkout given
/// with <c>--vonenet</c> or <c>BIOVISION_VONENET</c>) and the ratio of that run, a VOneResNet18 training step, and a
/// native-memory check over repeated forward passes.
/// </summary>
internal static class BenchV1Command
{
    /// <summary>Environment variable naming the dicarlolab/vonenet checkout when <c>--vonenet</c> is not given.</summary>
    public const string VonenetVariable = "BIOVISION_VONENET";

    /// <summary>The reference script, in <see cref="PythonReference.ScriptsRelativeFolder"/>.</summary>
    public const string Script = "vone_block_forward.py";

    public static Command Create()
    {
        var batches = new Option<string>("--batches") { Description = "Comma-separated batch sizes for the VOneBlock forward (default 1,8,32).", DefaultValueFactory = _ => "1,8,32" };
        var iterations = new Option<int>("--iterations") { Description = "Timed forward passes per configuration; the median is reported (default 5).", DefaultValueFactory = _ => 5 };
        var imageSize = new Option<int>("--image-size") { Description = "Image side in pixels (default 224, the reference's).", DefaultValueFactory = _ => 224 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads, for BioVision and the reference (default 2).", DefaultValueFactory = _ => 2 };
        var implementation = new Option<GfbImplementation>("--implementation") { Description = "PerChannel (default), Grouped, Unfold, or Dense (the reference formulation).", DefaultValueFactory = _ => GfbImplementation.PerChannel };
        var trainBatch = new Option<int>("--train-batch") { Description = "Batch of the VOneResNet18 training step; 0 skips it (default 8).", DefaultValueFactory = _ => 8 };
        var trainIterations = new Option<int>("--train-iterations") { Description = "Timed training steps (default 3).", DefaultValueFactory = _ => 3 };
        var memoryPasses = new Option<int>("--memory-passes") { Description = "Forward passes (batch 1, noise on) for the native-memory check; 0 skips it (default 1000).", DefaultValueFactory = _ => 1000 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N (default auto).", DefaultValueFactory = _ => "auto" };
        var vonenet = new Option<string?>("--vonenet")
        {
            Description = $"A checkout of github.com/dicarlolab/vonenet (the folder holding vonenet/modules.py) for the reference run; default ${VonenetVariable}. Not part of this repository.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(VonenetVariable) is { Length: > 0 } v ? v : null,
        };
        var command = new Command("v1", "Time the VOneBlock forward (noise on/off) beside the reference VOneBlock run in the same session, a VOneResNet18 training step, and native memory.")
        {
            batches, iterations, imageSize, threads, implementation, trainBatch, trainIterations, memoryPasses, device, vonenet,
        };
        var reference = PythonReference.AddOptions(command);
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
            int usedThreads = torch.get_num_threads();
            Console.WriteLine($"VOneBlock forward, {size} px, defaults (256+256 channels, ksize 25, stride 4), {impl} GFB, " +
                              $"{DeviceSelector.Describe(dev)}, {usedThreads} threads, median of {iters}, no_grad");

            string loadBefore = PythonReference.LoadAverage();
            var ours = new Dictionary<(int Batch, bool Noise), double>();
            var baseOptions = new VOneBlockOptions { Implementation = impl, ImageSize = size };
            foreach (bool noise in new[] { true, false })
            {
                using var block = new VOneBlock(baseOptions with { NoiseMode = noise ? NoiseMode.Neuronal : NoiseMode.None }, null, dev);
                block.eval();
                foreach (int b in sizes)
                {
                    ours[(b, noise)] = TimeForward(block, b, size, iters, dev);
                }
            }

            string loadBetween = PythonReference.LoadAverage();
            var run = RunReference(reference(parse), parse.GetValue(vonenet), sizes, iters, usedThreads, size);
            string loadAfter = PythonReference.LoadAverage();
            var referenceMedians = ReferenceMedians(run);

            Console.WriteLine($"Reference: dicarlolab/vonenet VOneBlock (dense GFB) on the CPU, same batches, iterations and image size: {run.Describe()}{ReferenceBlock(run)}");
            PythonReference.PrintMachine(Console.Out, loadBefore, loadBetween, loadAfter);
            Console.WriteLine($"{"batch",6} {"noise",6} {"BioVision s",12} {"reference s",12} {"ratio (x faster)",17}");
            foreach (bool noise in new[] { true, false })
            {
                foreach (int b in sizes)
                {
                    double median = ours[(b, noise)];
                    string refText, ratio;
                    if (!run.Ran)
                    {
                        refText = run.NotRunText;
                        ratio = "n/a";
                    }
                    else if (referenceMedians.TryGetValue((b, noise), out double r))
                    {
                        refText = r.ToString("F4", CultureInfo.InvariantCulture);
                        ratio = PythonReference.FormatRatio(r / median);
                    }
                    else
                    {
                        refText = "not run: missing from the reference's output";
                        ratio = "n/a";
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b,6} {(noise ? "on" : "off"),6} {median,12:F4} {refText,12} {ratio,17}"));
                }
            }

            int tb = parse.GetValue(trainBatch);
            if (tb > 0)
            {
                double step = TimeTrainingStep(tb, size, Math.Max(1, parse.GetValue(trainIterations)), impl, dev);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"VOneResNet18 training step (batch {tb}, {size} px, SGD, cross-entropy): median {step:F3} s (no reference run: the reference trains on ImageNet only)"));
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

    /// <summary>Runs <see cref="Script"/> with the bench's settings, or says why not (no or no such vonenet folder, no Python, no torch).</summary>
    private static ReferenceRun RunReference(PythonReference reference, string? vonenet, int[] batches, int iterations, int threads, int size)
    {
        if (string.IsNullOrWhiteSpace(vonenet))
        {
            return ReferenceRun.NotRun($"no --vonenet folder (or {VonenetVariable}): pass a checkout of github.com/dicarlolab/vonenet", Script);
        }

        if (!Directory.Exists(vonenet))
        {
            return ReferenceRun.NotRun($"vonenet folder '{vonenet}' does not exist", Script);
        }

        return reference.Run(Script,
        [
            "--vonenet", Path.GetFullPath(vonenet),
            "--batches", string.Join(',', batches.Select(b => b.ToString(CultureInfo.InvariantCulture))),
            "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--image-size", size.ToString(CultureInfo.InvariantCulture),
        ]);
    }

    /// <summary>The reference block as its script reported it, e.g. <c>, 256+256 channels, ksize 25, stride 4</c>, and any stand-in modules.</summary>
    private static string ReferenceBlock(ReferenceRun run)
    {
        if (run.Result is not { } r || !r.TryGetProperty("block", out var b) || b.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        string Get(string name) => b.TryGetProperty(name, out var v) ? v.ToString() : "?";
        string text = $", {Get("simple_channels")}+{Get("complex_channels")} channels, ksize {Get("ksize")}, stride {Get("stride")}, {Get("image_size")} px";
        if (r.TryGetProperty("stand_ins", out var shims) && shims.ValueKind == JsonValueKind.Array && shims.GetArrayLength() > 0)
        {
            text += $" (stand-ins for modules the timed code does not use: {string.Join(", ", shims.EnumerateArray().Select(x => x.ToString()))})";
        }

        return text;
    }

    /// <summary>The reference medians by (batch, noise on) from the script's <c>results</c>.</summary>
    internal static Dictionary<(int Batch, bool Noise), double> ReferenceMedians(ReferenceRun run)
    {
        var medians = new Dictionary<(int Batch, bool Noise), double>();
        if (run.Result is { } r && r.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var row in results.EnumerateArray())
            {
                if (row.TryGetProperty("batch", out var b) && b.TryGetInt32(out int batch)
                    && row.TryGetProperty("noise", out var n) && row.TryGetProperty("median_s", out var m) && m.ValueKind == JsonValueKind.Number)
                {
                    medians[(batch, n.GetString() == "on")] = m.GetDouble();
                }
            }
        }

        return medians;
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
