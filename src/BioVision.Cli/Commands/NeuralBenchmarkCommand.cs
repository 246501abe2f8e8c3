using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BioVision.Benchmarks.Neural;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Rsa.Comparisons;
using BioVision.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision benchmark neural</c>: RSA, predictivity and CKA of a trained (or untrained) model's layers against the
/// bundled neural data, with a report folder (JSON, Markdown, plots).
/// </summary>
internal static class NeuralBenchmarkCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Training run folder (its checkpoint records the model spec). Omit for an untrained model built from --model/--vone/--image-size." };
        var sets = new Option<string>("--sets") { Description = "Comma-separated: it92, algonauts, v4, mouse (default all).", DefaultValueFactory = _ => "it92,algonauts,v4,mouse" };
        var model = new Option<BackboneKind>("--model") { Description = "Backbone of an untrained model (ignored with --checkpoint).", DefaultValueFactory = _ => BackboneKind.ResNet18 };
        var vone = new Option<bool>("--vone") { Description = "Untrained model: put the VOne front end before the backbone." };
        var imageSize = new Option<int>("--image-size") { Description = "Untrained model: input size in pixels.", DefaultValueFactory = _ => 224 };
        var channels = new Option<int>("--channels") { Description = "Untrained model: input channels (1 or 3).", DefaultValueFactory = _ => 3 };
        var classes = new Option<int>("--classes") { Description = "Untrained model: output classes.", DefaultValueFactory = _ => 1000 };
        var width = new Option<int>("--width") { Description = "Untrained SmallCnn: width.", DefaultValueFactory = _ => 16 };
        var draws = new Option<int>("--draws") { Description = "Noise draws averaged per image for a stochastic (VOne) model.", DefaultValueFactory = _ => 10 };
        var features = new Option<int>("--features") { Description = "Layers with more features are reduced to this many by a seeded random projection (0: no reduction).", DefaultValueFactory = _ => 4096 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap draws for the RSA intervals.", DefaultValueFactory = _ => 1000 };
        var method = new Option<string>("--method") { Description = "RDM comparison: spearman or tau-a.", DefaultValueFactory = _ => "spearman" };
        var v4Images = new Option<int?>("--v4-images") { Description = "Use only the first N images of each V4 session (quick runs)." };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 32 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var seed = new Option<long>("--seed") { Description = "Seed of an untrained model's weights, the noise draws and the projections.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output") { Description = "Report folder (default: <checkpoint>/neural-benchmark or biovision-runs/neural-<model>)." };
        var dataRoot = new Option<string?>("--data-root") { Description = "The shared data folder with the recordings (default: BIOVISION_DATA, else shared/data beside the checkout)." };
        var command = new Command("neural", "RSA (IT, EVC), V4 predictivity/RSA/CKA and mouse V1 of a model's layers, layers chosen on held-out data; writes a report folder.")
        {
            checkpoint, sets, model, vone, imageSize, channels, classes, width, draws, features, bootstrap, method, v4Images, batch, device, seed, output, dataRoot,
        };
        command.SetAction(parse =>
        {
            NeuralSets chosen;
            ComparisonMethod comparison;
            try
            {
                chosen = ParseSets(parse.GetValue(sets)!);
                comparison = parse.GetValue(method)!.ToLowerInvariant() switch
                {
                    "spearman" => ComparisonMethod.Spearman,
                    "tau-a" or "taua" or "kendall-tau-a" => ComparisonMethod.KendallTauA,
                    string m => throw new ArgumentException($"--method must be spearman or tau-a, not '{m}'."),
                };
                if (parse.GetValue(draws) < 1 || parse.GetValue(bootstrap) < 2 || parse.GetValue(features) is < 0 or 1 || parse.GetValue(batch) < 1)
                {
                    throw new ArgumentException("--draws and --batch-size must be at least 1, --bootstrap at least 2, --features 0 or at least 2.");
                }

                // The recordings' folder is checked before any model is built or stimulus shown.
                if (parse.GetValue(dataRoot) is { } root)
                {
                    BioVision.Rsa.SharedDataPaths.RequireDataRoot(root);
                }
                else if (BioVision.Rsa.SharedDataPaths.DataRoot is null)
                {
                    throw new ArgumentException($"No recorded data found: pass --data-root or set {BioVision.Rsa.SharedDataPaths.DataVariable} to the shared data folder.");
                }
            }
            catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            string? run = parse.GetValue(checkpoint);
            ModelSpec spec;
            CheckpointState? state = null;
            try
            {
                if (run is not null)
                {
                    if (!Directory.Exists(run))
                    {
                        throw new ArgumentException($"Checkpoint folder '{run}' does not exist.");
                    }

                    state = TrainingCheckpoint.TryRead(run) ?? throw new ArgumentException($"'{run}' holds no {TrainingCheckpoint.FileName}.");
                    spec = TrainedModel.SpecOf(state, run);
                }
                else
                {
                    spec = new ModelSpec
                    {
                        Backbone = parse.GetValue(model),
                        VOne = parse.GetValue(vone),
                        Classes = parse.GetValue(classes),
                        InputChannels = parse.GetValue(channels),
                        ImageSize = parse.GetValue(imageSize),
                        Width = parse.GetValue(width),
                    };
                }
            }
            catch (Exception e) when (e is ArgumentException or JsonException or DataFormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }

            var selected = DeviceSelector.Select(DeviceRequest.Parse(parse.GetValue(device)!));
            long seedValue = parse.GetValue(seed);
            torch.random.manual_seed(seedValue);
            LoadedModel? loaded;
            try
            {
                loaded = run is null ? null : TrainedModel.Open(run, selected); // the one loader
            }
            catch (DataFormatException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }

            using var net = loaded?.Model ?? ModelFactory.Create(spec, selected);
            string name = loaded?.Name ?? spec.Name + " (untrained)";
            string folder = parse.GetValue(output) ?? (run is not null ? Path.Combine(run, "neural-benchmark") : Path.Combine("biovision-runs", "neural-" + spec.Name.ToLowerInvariant() + "-untrained"));
            Directory.CreateDirectory(folder);
            int k = parse.GetValue(features);
            var options = new NeuralBenchmarkOptions
            {
                Sets = chosen,
                Extraction = new ExtractionOptions { NoiseDraws = parse.GetValue(draws), MaxFeatures = k == 0 ? null : k, Seed = seedValue, BatchSize = parse.GetValue(batch) },
                Rsa = new RsaOptions { Method = comparison, BootstrapSamples = parse.GetValue(bootstrap), Seed = seedValue },
                V4MaxImages = parse.GetValue(v4Images),
                DataRoot = parse.GetValue(dataRoot),
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Neural benchmark of {name} on {DeviceSelector.Describe(selected)}: sets {chosen}, input {ModelInput.For(spec)}, report in {Path.GetFullPath(folder)}"));
            using var signals = new StopSignals("Stopping; nothing of this benchmark is kept (it is not resumable).");
            NeuralBenchmarkResult result;
            try
            {
                result = ConsoleProgress.Show("neural benchmark", progress => NeuralBenchmark.Run(net, name, ModelInput.For(spec), options, progress, signals.Token));
            }
            catch (OperationCanceledException)
            {
                return signals.ExitCode;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or Rsa.Io.NeuralDataFormatException)
            {
                Console.Error.WriteLine($"error: neural data could not be read: {e.Message}");
                return 1;
            }

            BioVision.Reports.NeuralReportWriter.Write(result, folder);
            Console.WriteLine();
            Console.Write(result.ToString());
            Console.WriteLine($"Report: {Path.GetFullPath(folder)} (neural-benchmark.json, neural-benchmark.md, *.png)");
            return 0;
        });
        return command;
    }

    internal static NeuralSets ParseSets(string text, string option = "--sets")
    {
        var result = NeuralSets.None;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part.ToLowerInvariant() switch
            {
                "it92" => NeuralSets.It92,
                "algonauts" => NeuralSets.Algonauts,
                "v4" => NeuralSets.V4,
                "mouse" => NeuralSets.Mouse,
                "all" => NeuralSets.All,
                _ => throw new ArgumentException($"Unknown set '{part}' in {option}; use it92, algonauts, v4, mouse or all."),
            };
        }

        return result == NeuralSets.None ? throw new ArgumentException($"{option} names no data set.") : result;
    }
}
