using BioVision.Runs;
using BioVision.Benchmarks.V1Properties;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks;

/// <summary>A V1 measurement killed part-way continues from its folder and ends where an uninterrupted run ends.</summary>
public sealed class V1PropertiesCheckpointTests : IDisposable
{
    private static readonly ScreenGeometry Screen = new() { ImageSize = 24, Channels = 1, VisualDegrees = 4, Supersampling = 1 };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "biovision-v1-checkpoint-" + Guid.NewGuid().ToString("N"));

    private static V1PropertiesOptions Options => new() { Screen = Screen, PositionX = 0, PositionY = 0, Trials = 2, MappingTrials = 2, BatchSize = 256 };

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void KilledRunsContinueAndEndAsAnUninterruptedRun()
    {
        using var model = NoisyModel();
        var uninterrupted = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options, CPU);

        // Killed twice: once during the mapping, once during the property stimuli.
        foreach (double stopAt in new[] { 0.25, 0.7 })
        {
            using var cancel = new CancellationTokenSource();
            var progress = new InlineProgress<RunProgress>(p =>
            {
                if (p.Done >= stopAt * p.Total)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options, CPU, _folder, TimeSpan.Zero, progress, cancel.Token));
            Assert.True(File.Exists(Path.Combine(_folder, BioVision.Runs.RunStore.ManifestFile)));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, BioVision.Runs.RunStore.EntriesFolder), "*.pt"));
        }

        double firstReported = -1;
        var resumed = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options, CPU, _folder, TimeSpan.Zero, new InlineProgress<RunProgress>(p => firstReported = firstReported < 0 ? p.Done : firstReported), default);

        // The resumed run starts past the 70% mark and records exactly what the uninterrupted one did.
        Assert.True(firstReported >= 0.7 * uninterrupted.Presentations, $"the resumed run began at {firstReported} of {uninterrupted.Presentations}");
        Assert.True(resumed.Layers[0].ReceptiveFieldUnits > 0);
        Assert.Equal((uninterrupted with { Seconds = 0 }).ToJson(), (resumed with { Seconds = 0 }).ToJson());
    }

    [Fact]
    public void SameSeedGivesTheSameMeasurementOfAStochasticModel()
    {
        using var model = NoisyModel();
        var first = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options with { Seed = 3 }, CPU);
        var second = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options with { Seed = 3 }, CPU);
        var other = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options with { Seed = 4 }, CPU);
        Assert.True(first.Stochastic);
        Assert.Equal((first with { Seconds = 0 }).ToJson(), (second with { Seconds = 0 }).ToJson());
        Assert.NotEqual(first.Layers[0].Slope, other.Layers[0].Slope); // other noise, other calibration
    }

    [Fact]
    public void FolderOfAnotherMeasurementIsRefused()
    {
        using var model = NoisyModel();
        using (var cancel = new CancellationTokenSource())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => V1PropertiesBenchmark.Run(
                model, "noisy", ["noisy"], Options, CPU, _folder, TimeSpan.Zero, new InlineProgress<RunProgress>(_ => cancel.Cancel()), cancel.Token));
        }

        var e = Assert.Throws<BioVision.Runs.RunMismatchException>(() => V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options with { Trials = 3 }, CPU, _folder));
        Assert.Contains(_folder, e.Message, StringComparison.Ordinal);
        Assert.Equal("options.trials: stored 2, now 3", e.Difference); // the first differing input, down to the setting

        string saved = Directory.GetFiles(Path.Combine(_folder, BioVision.Runs.RunStore.EntriesFolder), "*.pt").First();
        File.WriteAllText(saved, "not a tensor");
        var unreadable = Assert.Throws<BioVision.DataFormatException>(() => V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options, CPU, _folder));
        Assert.Contains(Path.GetFileName(saved), unreadable.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable tensor", unreadable.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, BioVision.Runs.RunStore.ManifestFile), "{ not json");
        e = Assert.Throws<BioVision.Runs.RunMismatchException>(() => V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], Options, CPU, _folder));
        Assert.Contains(BioVision.Runs.RunStore.ManifestFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachTrialsActivationsAreFreedBeforeTheNextTrial()
    {
        // Memory must not grow with the trial count: a layer's full output is released once its followed units are summed.
        using var model = new TrialWatcher();
        V1PropertiesBenchmark.Run(model, "watched", ["output"], Options with { Trials = 3, MappingTrials = 3, BatchSize = 1024 }, CPU);
        Assert.True(model.Forwards > 3 * 3529);
        Assert.Equal(0, model.MostAliveAtAForward);
    }

    private sealed class TrialWatcher() : nn.Module<Tensor, Tensor>(nameof(TrialWatcher))
    {
        private readonly List<Tensor> _outputs = [];

        public int Forwards { get; private set; }

        public int MostAliveAtAForward { get; private set; }

        public override Tensor forward(Tensor input)
        {
            _outputs.RemoveAll(t => t.IsInvalid);
            MostAliveAtAForward = Math.Max(MostAliveAtAForward, _outputs.Count);
            Forwards += (int)input.shape[0];
            var output = input.flatten(1).mul(2);
            _outputs.Add(output);
            return output;
        }
    }

    private static SyntheticV1Model NoisyModel()
    {
        var model = new SyntheticV1Model(Screen, 0, 0);
        model.AddUnits("clean", [new SyntheticUnit(30, 1.5, 0.4), new SyntheticUnit(120, 1.0, 0.5), new SyntheticUnit(75, 2.0, 0.3)]);
        model.AddDerived("noisy", "clean", flip: false, noise: 0.01);
        return model;
    }
}
