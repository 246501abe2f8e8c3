using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Robustness.Attacks;
using BioVision.Training;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench robustness</c>: attack throughput (images per second) of PGD-20 with EOT-8 (the draws batched into
/// one forward pass) on a VOne SmallCnn at 28 px (1 channel) and 64 px (3 channels), beside the same loop in PyTorch
/// (<c>tests/benchmarks/robustness_pgd_eot.py</c>, run in the same session with the same sizes, V1 kernel/stride, width,
/// batch, steps, EOT draws, repeats and threads), the ratio of that run and the load average.
/// </summary>
internal static class BenchRobustnessCommand
{
    /// <summary>The reference script, in <see cref="PythonReference.ScriptsRelativeFolder"/>.</summary>
    public const string Script = "robustness_pgd_eot.py";

    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Image sides with channels, e.g. 28x1,64x3 (default).", DefaultValueFactory = _ => "28x1,64x3" };
        var batch = new Option<int>("--batch-size") { Description = "Images per attack batch.", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "PGD steps.", DefaultValueFactory = _ => 20 };
        var eot = new Option<int>("--eot") { Description = "EOT draws per step.", DefaultValueFactory = _ => 8 };
        var repeats = new Option<int>("--repeats") { Description = "Timed attacks per size (median reported).", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--width") { Description = "SmallCnn width.", DefaultValueFactory = _ => 32 };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads, for BioVision and the reference (default: libtorch's)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("robustness", "PGD-20 EOT-8 attack throughput (images/s) on a VOne SmallCnn at 28 and 64 px, beside the same loop in PyTorch run in the same session.")
        {
            sizes, batch, steps, eot, repeats, width, threads, device,
        };
        var reference = PythonReference.AddOptions(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } t)
            {
                torch.set_num_threads(t);
            }

            var dev = DeviceSelector.Select(parse.GetValue(device));
            var configs = parse.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s =>
            {
                var parts = s.Split('x');
                if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int side) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int ch) || side < 8 || ch is not (1 or 3))
                {
                    throw new ArgumentException($"--sizes entries look like 28x1 or 64x3 (got '{s}').");
                }

                return (Side: side, Channels: ch);
            }).ToArray();
            int n = parse.GetValue(batch), k = parse.GetValue(eot), pgdSteps = parse.GetValue(steps), reps = Math.Max(1, parse.GetValue(repeats));
            int w = parse.GetValue(width);
            int usedThreads = torch.get_num_threads();
            string loadBefore = PythonReference.LoadAverage();
            var rates = new double[configs.Length];
            var blocks = new VOneBlockOptions[configs.Length];
            for (int i = 0; i < configs.Length; i++)
            {
                var (side, channels) = configs[i];
                var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = side, InputChannels = channels, Width = w };
                blocks[i] = ModelFactory.BlockFor(spec);
                torch.random.manual_seed(0);
                using var model = ModelFactory.Create(spec, dev);
                model.eval();
                var attack = new Pgd { Epsilon = 8.0 / 255, Steps = pgdSteps, RelativeStepSize = 0.25, RandomStart = true };
                var attackModel = new AttackModel(model, k);
                using var images = torch.rand(n, channels, side, side, device: dev);
                using var labels = torch.randint(0, 10, new long[] { n }, device: dev);
                var times = new List<double>();
                for (int r = 0; r <= reps; r++)
                {
                    using var scope = torch.NewDisposeScope();
                    var watch = Stopwatch.StartNew();
                    var adversarial = attack.Perturb(attackModel, images, labels);
                    _ = adversarial.sum().item<float>();
                    if (r > 0)
                    {
                        times.Add(watch.Elapsed.TotalSeconds);
                    }
                }

                times.Sort();
                rates[i] = n / times[times.Count / 2];
            }

            string loadBetween = PythonReference.LoadAverage();
            static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
            var run = reference(parse).Run(Script,
            [
                "--sizes", string.Join(',', configs.Select(c => $"{I(c.Side)}x{I(c.Channels)}")),
                "--kernels", string.Join(',', blocks.Select(b => $"{I(b.KernelSize)}/{I(b.Stride)}")),
                "--batch-size", I(n), "--steps", I(pgdSteps), "--eot", I(k), "--repeats", I(reps), "--width", I(w), "--threads", I(usedThreads),
            ]);
            string loadAfter = PythonReference.LoadAverage();
            var referenceRates = ReferenceRates(run);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PGD-{pgdSteps} Linf eps 8/255, EOT-{k} (draws batched), batch {n}, VOne-SmallCnn width {w}, {DeviceSelector.Describe(dev)}, {usedThreads} threads, median of {reps}"));
            Console.WriteLine($"Reference: {Script} (same loop and network; dense V1 filter bank as dicarlolab/vonenet), {run.Describe()}");
            PythonReference.PrintMachine(Console.Out, loadBefore, loadBetween, loadAfter);
            Console.WriteLine($"{"size",8} {"V1 k/stride",12} {"BioVision img/s",16} {"reference img/s",16} {"ratio (x faster)",17}");
            for (int i = 0; i < configs.Length; i++)
            {
                var (side, channels) = configs[i];
                string label = $"{I(side)}x{I(channels)}";
                string refText = !run.Ran ? run.NotRunText
                    : referenceRates.TryGetValue(label, out double q) ? q.ToString("G3", CultureInfo.InvariantCulture) : "not run: missing from the reference's output";
                double? ratio = run.Ran && referenceRates.TryGetValue(label, out double rr) ? rates[i] / rr : null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,8} {blocks[i].KernelSize + "/" + blocks[i].Stride,12} {rates[i],16:G3} {refText,16} {PythonReference.FormatRatio(ratio),17}"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The reference's images/s by size label (<c>28x1</c>) from the script's <c>results</c>.</summary>
    /// <param name="run">The reference run.</param>
    internal static Dictionary<string, double> ReferenceRates(ReferenceRun run)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        if (run.Result is { } r && r.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var row in results.EnumerateArray())
            {
                if (row.TryGetProperty("size", out var size) && row.TryGetProperty("images_per_second", out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    rates[size.GetString() ?? ""] = v.GetDouble();
                }
            }
        }

        return rates;
    }
}
