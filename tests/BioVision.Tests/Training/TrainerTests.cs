using BioVision.Tests.Stress;
using System.Text.Json;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Training;

public class TrainerTests
{
    private static readonly InMemoryImageDataset Train = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 160, Size = 16, Seed = 1 });
    private static readonly InMemoryImageDataset Test = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 40, Size = 16, Seed = 2 });

    private static TrainingOptions Tiny(string? output, OptimizerKind optimizer = OptimizerKind.Sgd, int threads = 1) => new()
    {
        Epochs = 4,
        BatchSize = 32,
        EvaluationBatchSize = 64,
        LearningRate = optimizer == OptimizerKind.Sgd ? 0.05 : 0.003,
        Optimizer = optimizer,
        Schedule = ScheduleKind.Cosine,
        WeightDecay = 1e-3,
        LabelSmoothing = 0.1,
        Seed = 11,
        Device = new DeviceRequest(DeviceKind.Cpu),
        // libtorch's parallel reductions split work by the thread count, not by timing: a fixed count gives the same sums.
        CpuThreads = threads,
        OutputDirectory = output,
        TrainTransform = new BioVision.Data.Transforms.RandomHorizontalFlip(),
    };

    private static Func<torch.Device, torch.nn.Module<torch.Tensor, torch.Tensor>> TinyModel => d => new SmallCnn(1, 10, 8, d);

    // The spec constructor draws the initial weights from the model's own generator: the identity below must hold while
    // other test classes build layers (drawing from torch's global generator) on other threads.
    private static readonly ModelSpec TinySpec = new() { ImageSize = 16, InputChannels = 1, Classes = 10, Width = 8 };

    private static Dictionary<string, float[]> Weights(torch.nn.Module model)
    {
        using var scope = torch.NewDisposeScope();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.to_type(torch.ScalarType.Float32).data<float>().ToArray());
    }

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "biovision-tests", Guid.NewGuid().ToString("N"));

    private sealed class StopAfter(int epoch, CancellationTokenSource source) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Phase == TrainingPhase.EpochCompleted && value.Epoch == epoch)
            {
                source.Cancel();
            }
        }
    }

    [Theory]
    [RepeatData(OptimizerKind.Sgd, 1)]
    [RepeatData(OptimizerKind.AdamW, 1)]
    [RepeatData(OptimizerKind.Sgd, 2)]
    [RepeatData(OptimizerKind.AdamW, 2)]
    public void Resumed_run_ends_with_the_weights_of_an_uninterrupted_run(OptimizerKind optimizer, int threads, int _)
    {
        string whole = TempFolder(), interrupted = TempFolder();
        try
        {
            var reference = new Trainer(TinySpec, Tiny(whole, optimizer, threads));
            var full = reference.Fit(Train, Test);
            Assert.True(full.Completed);

            using var stop = new CancellationTokenSource();
            var first = new Trainer(TinySpec, Tiny(interrupted, optimizer, threads)).Fit(Train, Test, new StopAfter(2, stop), stop.Token);
            Assert.False(first.Completed);
            Assert.Equal(2, first.History.Count);

            var resumedTrainer = new Trainer(TinySpec, Tiny(interrupted, optimizer, threads) with { Resume = true });
            var resumed = resumedTrainer.Fit(Train, Test);
            Assert.True(resumed.Completed);
            Assert.Equal(2, resumed.ResumedFromEpoch);
            Assert.Equal(4, resumed.History.Count);

            var expected = Weights(reference.Model!);
            var actual = Weights(resumedTrainer.Model!);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            double worst = expected.Max(p => p.Value.Zip(actual[p.Key], (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max());
            Assert.True(worst <= 1e-6, $"largest weight difference {worst}");
            Assert.Equal(full.History[^1].TestAccuracy, resumed.History[^1].TestAccuracy);
            Assert.Equal(full.History.Select(m => m.TrainLoss), resumed.History.Select(m => m.TrainLoss));
        }
        finally
        {
            foreach (string d in new[] { whole, interrupted })
            {
                if (Directory.Exists(d))
                {
                    Directory.Delete(d, true);
                }
            }
        }
    }

    [Theory]
    [RepeatData]
    public void Metrics_and_checkpoint_files_are_written_without_temporaries(int _)
    {
        string output = TempFolder();
        try
        {
            var result = new Trainer(TinyModel, Tiny(output) with { Epochs = 2 }, "tiny").Fit(Train, Test);
            string[] csv = File.ReadAllLines(Path.Combine(output, MetricsLog.CsvFile));
            Assert.Equal(EpochMetrics.CsvHeader, csv[0]);
            Assert.Equal(3, csv.Length);
            var json = JsonSerializer.Deserialize<List<EpochMetrics>>(File.ReadAllText(Path.Combine(output, MetricsLog.JsonFile)), MetricsLog.JsonOptions)!;
            Assert.Equal(result.History, json);
            var state = TrainingCheckpoint.TryRead(output)!;
            Assert.Equal(2, state.Epoch);
            Assert.Empty(Directory.GetFiles(output, "*.tmp"));
            Assert.Equal(2, Directory.GetFiles(output, "checkpoint-e*.bin").Length);
            Assert.Contains("epoch", result.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [Theory]
    [RepeatData]
    public void Resuming_with_another_seed_is_refused_and_a_corrupt_index_is_reported(int _)
    {
        string output = TempFolder();
        try
        {
            new Trainer(TinyModel, Tiny(output) with { Epochs = 1 }, "tiny").Fit(Train);
            var other = new Trainer(TinyModel, Tiny(output) with { Epochs = 1, Seed = 12, Resume = true }, "tiny");
            Assert.StartsWith("recipe.seed: stored ", Assert.Throws<BioVision.Runs.RunMismatchException>(() => other.Fit(Train)).Difference, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(output, TrainingCheckpoint.FileName), "{ not json");
            Assert.Throws<DataFormatException>(() => TrainingCheckpoint.TryRead(output));
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [Fact]
    public void Runs_record_their_dataset_refuse_another_on_resume_and_adopt_runs_written_before_recording()
    {
        var procedural = DatasetSource.Of(DatasetKind.Procedural, seed: 1);
        string output = TempFolder(), legacy = TempFolder();
        TrainingOptions Options(string folder, DatasetSource? dataset, bool resume = false) =>
            Tiny(folder) with { Epochs = 3, Dataset = dataset, Resume = resume };
        int Interrupted(string folder, DatasetSource? dataset, int epoch)
        {
            using var stop = new CancellationTokenSource();
            return new Trainer(TinyModel, Options(folder, dataset, resume: epoch > 1), "tiny").Fit(Train, null, new StopAfter(epoch, stop), stop.Token).History.Count;
        }

        try
        {
            Assert.Equal(1, Interrupted(output, procedural, 1));
            Assert.Equal(procedural, TrainingCheckpoint.TryRead(output)!.Recipe!.Dataset);
            var elsewhere = new Trainer(TinyModel, Options(output, procedural with { Seed = 2 }, resume: true), "tiny");
            Assert.StartsWith("recipe.dataset.seed: stored 1, now 2", Assert.Throws<BioVision.Runs.RunMismatchException>(() => elsewhere.Fit(Train)).Difference, StringComparison.Ordinal);
            Assert.Equal(3, new Trainer(TinyModel, Options(output, procedural, resume: true), "tiny").Fit(Train).History.Count);

            // A run written without a recorded dataset (as earlier versions wrote them) resumes under a named one and then records it.
            Assert.Equal(1, Interrupted(legacy, null, 1));
            Assert.DoesNotContain("\"dataset\"", File.ReadAllText(Path.Combine(legacy, TrainingCheckpoint.FileName)), StringComparison.Ordinal);
            Assert.Equal(2, Interrupted(legacy, procedural, 2));
            Assert.Equal(procedural, TrainingCheckpoint.TryRead(legacy)!.Recipe!.Dataset);
            var afterwards = new Trainer(TinyModel, Options(legacy, DatasetSource.Of(DatasetKind.Procedural, seed: 9), resume: true), "tiny");
            Assert.StartsWith("recipe.dataset.seed", Assert.Throws<BioVision.Runs.RunMismatchException>(() => afterwards.Fit(Train)).Difference, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, true);
            Directory.Delete(legacy, true);
        }
    }

    [Theory]
    [RepeatData]
    public void Small_cnn_learns_the_procedural_classes_well_above_chance(int _)
    {
        var train = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 600, Size = 16, Seed = 5 });
        var test = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 200, Size = 16, Seed = 6 });
        var options = Tiny(null) with { Epochs = 4, LabelSmoothing = 0, TrainTransform = null, LearningRate = 0.05 };
        var result = new Trainer(d => new SmallCnn(1, 10, 8, d), options, "small").Fit(train, test);
        // Chance is 10 %; a working training loop must do far better on these easy classes.
        Assert.True(result.FinalTestAccuracy > 0.6, result.ToString());
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, result.ToString());
    }

    [Theory]
    [RepeatData]
    public void Invalid_options_are_rejected(int _)
    {
        Assert.Throws<ArgumentException>(() => new Trainer(TinyModel, Tiny(null) with { LabelSmoothing = 1 }));
        Assert.Throws<ArgumentException>(() => new Trainer(TinyModel, Tiny(null) with { Epochs = 0 }));
        Assert.Throws<ArgumentException>(() => new Trainer(TinyModel, Tiny(null) with { LearningRate = double.NaN }));
    }
}
