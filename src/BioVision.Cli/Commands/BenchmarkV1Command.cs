using BioVision.Runs;
using BioVision.Stochastic;
using System.CommandLine;
using System.Globalization;
using BioVision.Benchmarks.V1Properties;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Reports;
using BioVision.Training;
using BioVision.Subcortical;
using BioVision.V1;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision benchmark v1</c>: the Marques et al. (2021) V1 property benchmarks of a trained checkpoint, an untrained
/// backbone or a bare VOneBlock, per layer in one pass; its report folder (JSON result, table, a histogram per layer and
/// property) is written by <see cref="V1ReportWriter"/>.
/// </summary>
internal static class BenchmarkV1Command
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Training output folder (with checkpoint.json) whose model is scored; its architecture comes from the checkpoint's model name and --image-size/--channels/--classes/--width." };
        var model = new Option<BackboneKind>("--model") { Description = "Backbone of an untrained model (without --checkpoint): SmallCnn, AlexNet, ResNet18, ResNet50 or CifarResNet.", DefaultValueFactory = _ => BackboneKind.ResNet18 };
        var vone = new Option<bool>("--vone") { Description = "Untrained model with the VOne front end." };
        var blockOnly = new Option<bool>("--block-only") { Description = "Score a bare front end (reference defaults at 224 px, the scaled front end otherwise); its layer is 'output'." };
        var frontEnd = new Option<string?>("--front-end") { Description = "Front end of --block-only or of an untrained model (implies --vone): VOne (default), VOneDN, EV, LearnedV1 or RandomV1." };
        var imageSize = new Option<int>("--image-size") { Description = "Model input size, pixels (28 for Fashion-MNIST checkpoints).", DefaultValueFactory = _ => 224 };
        var channels = new Option<int>("--channels") { Description = "Model input channels (1 for Fashion-MNIST).", DefaultValueFactory = _ => 3 };
        var classes = new Option<int>("--classes") { Description = "Output classes of the model.", DefaultValueFactory = _ => 10 };
        var width = new Option<int>("--width") { Description = "SmallCnn width the checkpoint was trained with (train's default 16).", DefaultValueFactory = _ => 16 };
        var degrees = new Option<double?>("--visual-degrees") { Description = "Visual angle of the input (default: the VOne block's, else image size / 28 px per degree, i.e. 8 at 224 px)." };
        var position = new Option<double?>("--position") { Description = "Stimulus centre, degrees right of and below the screen centre (default 0.5 as the reference, 0 when the field is under 4 degrees)." };
        var layers = new Option<string[]>("--layers") { Description = "Layers to score (default: every named activation except 'output'; 'output' for --block-only).", AllowMultipleArgumentsPerToken = true };
        var trials = new Option<int?>("--trials") { Description = "Trials per property stimulus (default: 20 for a stochastic model, 1 for a deterministic one)." };
        var mappingTrials = new Option<int?>("--mapping-trials") { Description = "Trials per receptive-field mapping stimulus (default: 10 stochastic, 1 deterministic)." };
        var noiseFloor = new Option<double?>("--noise-floor") { Description = "Noise floor of the receptive-field maps, robust SDs above their median (default: 5 for a stochastic model, 0 = the reference's maps for a deterministic one)." };
        var noNoise = new Option<bool>("--no-noise") { Description = "Turn the VOne block's noise off (its noiseless simple and complex cells)." };
        var maxUnits = new Option<int>("--max-units") { Description = "Most units mapped per layer (drawn at random beyond).", DefaultValueFactory = _ => 4096 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 32 };
        var seed = new Option<long>("--seed") { Description = "Seed of the model initialisation, noise, unit draw and bootstrap.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU intra-op threads.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var output = new Option<string?>("--output") { Description = "Folder for result.json, table.txt and plots (default: biovision-benchmarks/v1-<model>)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the histogram plots." };
        var command = new Command("v1", "V1 property benchmarks (Marques et al. 2021): gratings, receptive-field mapping, tuning properties vs recorded macaque V1 distributions.")
        {
            checkpoint, model, vone, blockOnly, frontEnd, imageSize, channels, classes, width, degrees, position, layers, trials, mappingTrials, noiseFloor, noNoise, maxUnits, batchSize, seed, device, threads, output, noPlots,
        };
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse, checkpoint, model, vone, blockOnly, frontEnd, imageSize, channels, classes, width, degrees, position, layers, trials, mappingTrials, noiseFloor, noNoise, maxUnits, batchSize, seed, device, threads, output, noPlots);
            }
            catch (Exception e) when (e is ArgumentException or DataFormatException or IOException or RunMismatchException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static int Run(
        ParseResult parse,
        Option<string?> checkpoint,
        Option<BackboneKind> modelOption,
        Option<bool> vone,
        Option<bool> blockOnly,
        Option<string?> frontEndOption,
        Option<int> imageSize,
        Option<int> channels,
        Option<int> classes,
        Option<int> width,
        Option<double?> degrees,
        Option<double?> position,
        Option<string[]> layers,
        Option<int?> trials,
        Option<int?> mappingTrials,
        Option<double?> noiseFloor,
        Option<bool> noNoise,
        Option<int> maxUnits,
        Option<int> batchSize,
        Option<long> seed,
        Option<string> device,
        Option<int> threads,
        Option<string?> output,
        Option<bool> noPlots)
    {
        int size = parse.GetValue(imageSize), inputChannels = parse.GetValue(channels);
        if (size is < 8 or > 1024 || inputChannels is not (1 or 3))
        {
            throw new ArgumentException("--image-size must be 8..1024 pixels and --channels 1 or 3.");
        }

        string? checkpointDir = parse.GetValue(checkpoint);
        if (checkpointDir is not null && parse.GetValue(blockOnly))
        {
            throw new ArgumentException("--checkpoint and --block-only contradict each other.");
        }

        long seedValue = parse.GetValue(seed);
        torch.set_num_threads(Math.Max(1, parse.GetValue(threads)));
        torch.random.manual_seed(seedValue);
        var dev = DeviceSelector.Select(parse.GetValue(device));

        nn.Module<Tensor, Tensor> network;
        string name;
        double? blockDegrees = null;
        var kind = parse.GetValue(frontEndOption) is { } frontEndName ? FrontEnds.Parse(frontEndName) : (FrontEndKind?)null;
        if (kind is not null && checkpointDir is not null)
        {
            throw new ArgumentException("--front-end describes an untrained model or a bare block; a checkpoint records its own front end.");
        }

        if (parse.GetValue(blockOnly))
        {
            var frontEnd = kind ?? FrontEndKind.VOne;
            if (frontEnd == FrontEndKind.EVNet)
            {
                // EVNet's front end: its subcortical block, then its V1 block (EVNet's standard variant at 224 px over 7 degrees).
                var ev = EVNetOptions.ForImageSize(Math.Min(size, 224), inputChannels);
                network = nn.Sequential(("subcorticalblock", new SubcorticalBlock(ev.Subcortical)), ("voneblock", new VOneBlock(ev.VOneBlock))).to(dev);
                blockDegrees = ev.VOneBlock.VisualDegrees;
            }
            else
            {
                var block = size == 224 && inputChannels == 3 ? new VOneBlockOptions() : ScaledFrontEnd.ForImageSize(Math.Min(size, 224), inputChannels);
                network = new VOneBlock(ModelFactory.WithFrontEnd(block with { ImageSize = size }, frontEnd), device: dev);
                blockDegrees = block.VisualDegrees;
            }

            name = string.Create(CultureInfo.InvariantCulture, $"{(frontEnd == FrontEndKind.VOne ? "VOneBlock" : FrontEnds.Prefix(frontEnd) + "block")}-{size}px");
        }
        else
        {
            var spec = new ModelSpec { Backbone = parse.GetValue(modelOption), VOne = parse.GetValue(vone) || kind is not null, FrontEnd = kind ?? FrontEndKind.VOne, Classes = parse.GetValue(classes), InputChannels = inputChannels, ImageSize = size, Width = parse.GetValue(width) };
            if (spec.VOne && size > 224)
            {
                throw new ArgumentException("A VOne model's front end is defined up to 224 pixels.");
            }

            if (checkpointDir is not null)
            {
                if (!Directory.Exists(checkpointDir))
                {
                    throw new ArgumentException($"No run folder at '{checkpointDir}'.");
                }

                // The one loader: a recorded spec is rebuilt exactly; older checkpoints from their name and these options.
                var loaded = TrainedModel.Open(checkpointDir, dev, spec);
                (network, spec, name) = (loaded.Model, loaded.Spec, loaded.Name);
                (size, inputChannels) = (spec.ImageSize, spec.InputChannels);
            }
            else
            {
                network = ModelFactory.Create(spec, dev);
                name = spec.Name + " (untrained)";
            }

            if (network is IFrontEndModel v)
            {
                blockDegrees = v.Block.Options.VisualDegrees;
            }
        }

        using var disposeNetwork = network;
        if (parse.GetValue(noNoise))
        {
            // Every stochastic stage (the V1 block, and EVNet's subcortical block).
            var blocks = network.modules().Prepend(network).OfType<IStochasticModule>().ToArray();
            if (blocks.Length == 0)
            {
                throw new ArgumentException("--no-noise: the model has no stochastic front end.");
            }

            foreach (var b in blocks)
            {
                b.NoiseControlOverride = NoiseControl.Off;
            }

            name += " noise off";
        }
        double fieldDegrees = parse.GetValue(degrees) ?? blockDegrees ?? (size / ScaledFrontEnd.ReferencePixelsPerDegree);
        double stimulus = parse.GetValue(position) ?? MarquesStimuli.PositionFor(fieldDegrees);
        var names = parse.GetValue(layers) is { Length: > 0 } requested
            ? requested
            : network is IActivationModel tapped ? tapped.ActivationNames.Where(n => n != "output").ToArray() : ["output"];
        var options = new V1PropertiesOptions
        {
            Screen = new ScreenGeometry { ImageSize = size, Channels = inputChannels, VisualDegrees = fieldDegrees },
            PositionX = stimulus,
            PositionY = stimulus,
            Trials = parse.GetValue(trials),
            MappingTrials = parse.GetValue(mappingTrials),
            ReceptiveFieldNoiseFloor = parse.GetValue(noiseFloor),
            MaxUnitsPerLayer = parse.GetValue(maxUnits),
            BatchSize = parse.GetValue(batchSize),
            Seed = seedValue,
        }.Validate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"V1 properties of {name} on {DeviceSelector.Describe(dev)}: {size} px over {fieldDegrees:0.###} deg, stimulus at ({stimulus:0.##}, {stimulus:0.##}) deg, layers {string.Join(", ", names)}"));

        // Recorded responses are kept under the output folder while the run lasts: the same command continues a killed run.
        string folder = parse.GetValue(output) ?? Path.Combine("biovision-benchmarks", "v1-" + V1ReportWriter.FileNamePart(name));
        string responses = Path.Combine(folder, "responses");
        if (File.Exists(Path.Combine(responses, RunStore.ManifestFile)))
        {
            Console.WriteLine($"Continuing the measurement saved in {responses}.");
        }

        using var signals = new StopSignals($"Stopping; the measured stages are kept in {responses} (rerun the same command to continue).");
        V1PropertiesResult result;
        try
        {
            result = ConsoleProgress.Show("V1 properties", progress => V1PropertiesBenchmark.Run(network, name, names, options, dev, responses, progress, signals.Token));
        }
        catch (OperationCanceledException)
        {
            return signals.ExitCode;
        }

        Console.WriteLine();
        Console.Write(result.ToString());

        // The sampled Gabor parameters describe the filters only when they are fixed Gabors.
        var v1 = network as VOneBlock ?? (network as IFrontEndModel)?.Block ?? network.modules().OfType<VOneBlock>().FirstOrDefault();
        if (v1 is { Options.Filters: V1FilterKind.Gabor, Options.TrainableFilters: false })
        {
            Console.Write(V1ReportWriter.SampledParameters(result, v1.Parameters, network is IFrontEndModel f ? f.BlockActivation : "output"));
        }

        V1ReportWriter.Write(result, folder, figures: !parse.GetValue(noPlots));
        if (Directory.Exists(responses))
        {
            Directory.Delete(responses, recursive: true); // the report holds all it needed
        }

        Console.WriteLine($"Wrote {Path.GetFullPath(folder)}");
        return 0;
    }
}
