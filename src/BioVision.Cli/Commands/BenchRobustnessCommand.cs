using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Robustness.Attacks;
using BioVision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench robustness</c>: attack throughput (images per second) of PGD-20 with EOT-8 (the draws batched into
/// one forward pass) on a VOne SmallCnn at 28 px (1 channel) and 64 px (3 channels), beside a reference figure (e.g.
/// <c>tests/benchmarks/robustness_pgd_eot.py</c>, the same loop in PyTorch) and the ratio.
/// </summary>
internal static class BenchRobustnessCommand
{
    public static Command Create()
    {
        var sizes = new Option<string>("--sizes") { Description = "Image sides with channels, e.g. 28x1,64x3 (default).", DefaultValueFactory = _ => "28x1,64x3" };
        var batch = new Option<int>("--batch-size") { Description = "Images per attack batch.", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "PGD steps.", DefaultValueFactory = _ => 20 };
        var eot = new Option<int>("--eot") { Description = "EOT draws per step.", DefaultValueFactory = _ => 8 };
        var repeats = new Option<int>("--repeats") { Description = "Timed attacks per size (median reported).", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--width") { Description = "SmallCnn width.", DefaultValueFactory = _ => 32 };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads (default: libtorch's)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var reference = new Option<string?>("--reference") { Description = "Reference images/s per size, comma-separated in --sizes order (e.g. from the PyTorch script)." };
        var command = new Command("robustness", "PGD-20 EOT-8 attack throughput (images/s) on a VOne SmallCnn at 28 and 64 px, beside a reference.")
        {
            sizes, batch, steps, eot, repeats, width, threads, device, reference,
        };
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
            var refs = RobustnessCommand.ParseList(parse.GetValue(reference), "--reference");
            int n = parse.GetValue(batch), k = parse.GetValue(eot), pgdSteps = parse.GetValue(steps), reps = Math.Max(1, parse.GetValue(repeats));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PGD-{pgdSteps} Linf eps 8/255, EOT-{k} (draws batched), batch {n}, VOne-SmallCnn width {parse.GetValue(width)}, {DeviceSelector.Describe(dev)}, {torch.get_num_threads()} threads, median of {reps}"));
            Console.WriteLine($"{"size",8} {"V1 k/stride",12} {"images/s",10} {"reference",10} {"ratio",7}");
            for (int i = 0; i < configs.Length; i++)
            {
                var (side, channels) = configs[i];
                var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = side, InputChannels = channels, Width = parse.GetValue(width) };
                var block = ModelFactory.BlockFor(spec);
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
                double rate = n / times[times.Count / 2];
                string refText = refs is not null && i < refs.Length ? refs[i].ToString("G3", CultureInfo.InvariantCulture) : "n/a";
                string ratio = refs is not null && i < refs.Length ? (rate / refs[i]).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{side + "x" + channels,8} {block.KernelSize + "/" + block.Stride,12} {rate,10:G3} {refText,10} {ratio,7}"));
            }

            Console.WriteLine("Equivalent PyTorch loop: /usr/bin/python3 tests/benchmarks/robustness_pgd_eot.py (same sizes, kernel/stride, channels, batch, steps, EOT).");
            return 0;
        });
        return command;
    }
}
