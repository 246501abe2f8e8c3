using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench train</c>: training throughput (images per second: forward, backward and optimiser step) of a
/// model at a batch size on Fashion-MNIST, beside a reference figure (e.g. the same architecture in PyTorch) and the ratio.
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create(string name = "train")
    {
        var model = new Option<BackboneKind>("--model") { Description = "Backbone to time.", DefaultValueFactory = _ => BackboneKind.SmallCnn };
        var vone = new Option<bool>("--vone") { Description = "Time the VOne variant (V1 front end before the backbone)." };
        var width = new Option<int>("--width") { Description = "SmallCnn width.", DefaultValueFactory = _ => 32 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per batch.", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up steps.", DefaultValueFactory = _ => 5 };
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (default) or procedural.", DefaultValueFactory = _ => "fashion-mnist" };
        var dataPath = new Option<string?>("--data-path") { Description = "Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var reference = new Option<double?>("--reference") { Description = "Reference images/s for the same setting (e.g. PyTorch), printed beside ours with the ratio." };
        var threads = new Option<int?>("--threads") { Description = "CPU intra-op threads (default: libtorch's)." };
        var command = new Command(name, "Training throughput (images/s) of a model at a batch size on Fashion-MNIST.")
        {
            model, vone, width, batchSize, steps, warmup, dataset, dataPath, device, reference, threads,
        };
        command.SetAction(parse =>
        {
            var kind = DatasetCatalog.Parse(parse.GetValue(dataset)!);
            var (train, _) = DatasetCatalog.Open(kind, parse.GetValue(dataPath));
            var selected = DeviceSelector.Select(parse.GetValue(device));
            if (parse.GetValue(threads) is { } t)
            {
                torch.set_num_threads(t);
            }

            var spec = ModelSpec.ForDataset(train, parse.GetValue(model), parse.GetValue(vone), parse.GetValue(width));
            int batch = parse.GetValue(batchSize), timed = parse.GetValue(steps), warm = parse.GetValue(warmup);
            // The same recipe as `biovision train`'s defaults and the very step Trainer.Fit runs (Trainer.Step).
            var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 5e-4, BatchSize = batch };
            var trainer = new Trainer(spec, options);
            torch.random.manual_seed(0);
            using var network = ModelFactory.Create(spec, selected);
            network.train();
            using var optimizer = TrainingOptimizer.Create(network, options);
            var parameters = network.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, (torch.Tensor)p.parameter)).ToList();
            using var finite = torch.full(parameters.Count + 1, long.MaxValue, torch.ScalarType.Int64, selected);
            var loader = new DataLoader(train, new DataLoaderOptions { BatchSize = batch, Seed = 0, Shuffle = true });
            var clock = new Stopwatch();
            for (int s = 0; s < warm + timed; s++)
            {
                if (s == warm)
                {
                    Synchronize(selected);
                    clock.Start();
                }

                using var scope = torch.NewDisposeScope();
                var b = loader.GetBatch(0, s % loader.BatchesPerEpoch, selected);
                trainer.Step(network, optimizer, parameters, b.Images, b.Labels, options.LearningRate, finite, s);
            }

            Synchronize(selected);
            clock.Stop();
            Trainer.ThrowIfNotFinite(finite, parameters, 0, 0, warm + timed - 1);
            double rate = (double)timed * batch / clock.Elapsed.TotalSeconds;
            double? referenceRate = parse.GetValue(reference);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench train: {spec.Name} (width {spec.Width}) on {kind} {train.Shape}, batch {batch}, {timed} timed steps after {warm} warm-up, {DeviceSelector.Describe(selected)}"));
            Console.WriteLine("setting                         BioVision img/s   reference img/s   ratio");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{$"{spec.Name} train b{batch}",-30}  {rate,15:F0}   {(referenceRate is { } r ? r.ToString("F0", CultureInfo.InvariantCulture) : "n/a"),15}   {(referenceRate is { } q && q > 0 ? (rate / q).ToString("F2", CultureInfo.InvariantCulture) : "n/a")}"));
            Console.WriteLine("(data loading included; the reference is whatever --reference gives, e.g. PyTorch on the same machine.)");
            return 0;
        });
        return command;
    }

    private static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize(device);
        }
    }
}
