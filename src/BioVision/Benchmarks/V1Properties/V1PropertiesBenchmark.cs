using BioVision.Runs;
using BioVision.Stochastic;
using System.Diagnostics;
using BioVision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// In-silico electrophysiology of model layers (Marques, Schrimpf &amp; DiCarlo 2021; the Brain-Score Marques2020
/// benchmarks): gratings are shown to the model, receptive fields mapped, units near the stimulus selected and
/// calibrated to firing rates, single-neuron tuning properties extracted and their distributions compared with the
/// recorded ones. Every requested layer is measured in one pass over the stimuli.
/// </summary>
/// <remarks>
/// <para>Steps (reference constants in <see cref="V1PropertiesOptions"/>): (1) the blank and the 3528 mapping
/// gratings, trial-averaged; per unit the map is the rectified response minus the rectified blank, maximised over the
/// 8 gratings at each of the 21 × 21 positions (for a stochastic model lowered by its noise floor, a departure, see
/// <see cref="V1PropertiesOptions.ReceptiveFieldNoiseFloor"/>); the centre is the weighted centroid of the map above 5%
/// of its peak; units within 0.15° of the stimulus are kept. (2) the blank, orientation, spatial-frequency and size sets,
/// trial-averaged, for the kept units only. (3) the firing-rate calibration (<see cref="FiringRateCalibration"/>) from
/// the blank and the orientation set; every set is calibrated. (4) DC (mean over the 8 phases) and F1 (twice the
/// first Fourier amplitude over phase / 8) and the per-benchmark property extraction. (5) the bootstrap KS similarity
/// (<see cref="DistributionSimilarity"/>), the ceiling from the data against itself and the ceiled score.</para>
/// <para>Memory: stimuli are rendered per batch on the device; of each layer only the followed units are kept
/// (<see cref="V1PropertiesOptions.CandidateMarginCells"/>, <see cref="V1PropertiesOptions.MaxUnitsPerLayer"/>), so
/// the stored responses are at most units × 3528 floats per layer during mapping and (kept units) × 5570 after.</para>
/// <para>The model is put in evaluation mode for the run (its training flag is restored after); noise that a module
/// applies in evaluation mode (a VOneBlock's default) stays on, and trials are averaged. Before each batch of a
/// stochastic model its <see cref="IStochasticModule"/>s are reseeded from (<see cref="V1PropertiesOptions.Seed"/>,
/// stage, batch), so the measurement is reproducible per seed and a resumed run (see the overload with a checkpoint
/// folder) records what an uninterrupted one would; noise a module draws from torch's global generator is seeded by the
/// caller instead.</para>
/// </remarks>
public static class V1PropertiesBenchmark
{
    /// <summary>Reference trials per property stimulus for a stochastic model.</summary>
    public const int ReferenceTrials = 20;

    /// <summary>Reference trials per mapping stimulus for a stochastic model.</summary>
    public const int ReferenceMappingTrials = 10;

    /// <summary>Noise floor of a stochastic model's receptive-field maps, robust standard deviations above the median.</summary>
    public const double DefaultNoiseFloor = 5;

    // Bumped whenever stimuli, stage order or the per-batch noise seeding change, so old checkpoint folders are refused.
    // 2: supersampled gratings are brought to the model's size by ImageResize (antialiased bilinear), not block averages.
    private const int CheckpointVersion = 2;

    /// <summary>Measures and scores <paramref name="layers"/> of <paramref name="model"/>.</summary>
    /// <param name="model">The model; layers are its <see cref="IActivationModel"/> names (a plain module reports only
    /// <c>output</c>) or, for any other name, the output of the submodule at that state-dict path (a forward hook, removed after).</param>
    /// <param name="modelName">A name for the report.</param>
    /// <param name="layers">Activation names to measure (at least one).</param>
    /// <param name="options">Options (null: reference defaults, 224 px / 8°).</param>
    /// <param name="device">The model's device; stimuli are made there.</param>
    /// <param name="progress">Receives progress after every batch, or null.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">No layers, a duplicate layer, or a layer the model does not report.</exception>
    public static V1PropertiesResult Run(
        nn.Module<Tensor, Tensor> model,
        string modelName,
        IReadOnlyList<string> layers,
        V1PropertiesOptions? options,
        Device device,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(model, modelName, layers, options, device, checkpointDirectory: null, progress, cancellationToken);

    /// <summary>
    /// Measures and scores <paramref name="layers"/> of <paramref name="model"/>, keeping the recorded responses in
    /// <paramref name="checkpointDirectory"/> as they come, so that a run killed part-way continues from its last save
    /// (at most a minute of presentations is lost) when called again with the same folder, model, layers and options.
    /// </summary>
    /// <param name="model">The model; layers are its <see cref="IActivationModel"/> names (a plain module reports only
    /// <c>output</c>) or, for any other name, the output of the submodule at that state-dict path (a forward hook, removed after).</param>
    /// <param name="modelName">A name for the report.</param>
    /// <param name="layers">Activation names to measure (at least one).</param>
    /// <param name="options">Options (null: reference defaults, 224 px / 8°).</param>
    /// <param name="device">The model's device; stimuli are made there.</param>
    /// <param name="checkpointDirectory">Folder for the recorded responses, or null to keep them in memory only. A folder
    /// holding another measurement (model weights, layers or options differ) is refused.</param>
    /// <param name="progress">Receives progress after every batch, or null.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">No layers, a duplicate layer, a layer the model does not report, or a
    /// checkpoint folder of another measurement.</exception>
    public static V1PropertiesResult Run(
        nn.Module<Tensor, Tensor> model,
        string modelName,
        IReadOnlyList<string> layers,
        V1PropertiesOptions? options,
        Device device,
        string? checkpointDirectory,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(model, modelName, layers, options, device, checkpointDirectory, TimeSpan.FromMinutes(1), progress, cancellationToken);

    /// <summary>The measurement with a chosen least time between saves of a stage in progress (tests save every batch).</summary>
    internal static V1PropertiesResult Run(
        nn.Module<Tensor, Tensor> model,
        string modelName,
        IReadOnlyList<string> layers,
        V1PropertiesOptions? options,
        Device device,
        string? checkpointDirectory,
        TimeSpan saveInterval,
        IProgress<RunProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(device);
        options = (options ?? new V1PropertiesOptions()).Validate();
        if (layers.Count == 0)
        {
            throw new ArgumentException("Name at least one layer to measure.", nameof(layers));
        }

        if (layers.Distinct(StringComparer.Ordinal).Count() != layers.Count)
        {
            throw new ArgumentException("A layer is named twice.", nameof(layers));
        }

        var watch = Stopwatch.StartNew();
        var screen = options.Screen;
        var mapping = MarquesStimuli.ReceptiveField();
        var orientation = MarquesStimuli.Orientation(options.PositionY, options.PositionX);
        var spatialFrequency = MarquesStimuli.SpatialFrequency(options.PositionY, options.PositionX);
        var size = MarquesStimuli.Size(options.PositionY, options.PositionX);
        var recorders = layers.Select((name, i) => new LayerRecorder(name, i)).ToArray();
        bool wasTraining = model.training;
        var reported = model is IActivationModel tapped ? tapped.ActivationNames : ["output"];
        var hooked = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var hooks = new List<Action>();
        model.eval();
        try
        {
            // Layers the model does not report by name are read with forward hooks on the submodule of that path.
            foreach (string name in layers.Where(n => !reported.Contains(n)))
            {
                var module = model.named_modules().Where(m => m.name == name).Select(m => m.module).FirstOrDefault() as nn.Module<Tensor, Tensor>
                    ?? throw new ArgumentException($"Layer '{name}' is neither reported by the model ({string.Join(", ", reported)}) nor one of its tensor-to-tensor submodules ({string.Join(", ", model.named_modules().Select(m => m.name).Where(n => n.Length > 0).Take(40))}).", nameof(layers));
                var handle = module.register_forward_hook((_, _, output) =>
                {
                    hooked[name] = output.alias(); // modules such as Sequential dispose intermediates; keep a handle of our own
                    return null!;
                });
                hooks.Add(handle.remove);
            }

            using var noGrad = no_grad();

            Tensor[] Present(Tensor images)
            {
                var (_, activations) = model.ForwardWithActivations(images);
                var selected = new Tensor[recorders.Length];
                for (int i = 0; i < recorders.Length; i++)
                {
                    var recorder = recorders[i];
                    if (!activations.TryGetValue(recorder.Name, out var activation) && !hooked.TryGetValue(recorder.Name, out activation))
                    {
                        throw new ArgumentException($"Layer '{recorder.Name}' is not reported by the model; it reports: {string.Join(", ", activations.Keys)}.", nameof(layers));
                    }

                    if (recorder.Index is null)
                    {
                        recorder.Initialise(activation.shape, options, device);
                    }

                    selected[i] = recorder.Select(activation);
                }

                return selected;
            }

            // The one rule (IStochasticModule, honouring noise overrides and the training flag): a model whose stochastic
            // modules draw fresh noise gets the reference's trials; a deterministic one needs a single trial.
            bool stochastic = StochasticModules.IsStochastic(model);

            // One blank presentation fixes each layer's recorded units (the recorders need the activation shapes) before any stage.
            using (var probeScope = NewDisposeScope())
            {
                Present(GratingRenderer.Blank(screen, device));
            }

            int trials = options.Trials ?? (stochastic ? ReferenceTrials : 1);
            int mappingTrials = options.MappingTrials ?? (stochastic ? ReferenceMappingTrials : 1);
            double noiseFloor = options.ReceptiveFieldNoiseFloor ?? (stochastic ? DefaultNoiseFloor : 0);
            long total = ((1L + mapping.Count) * mappingTrials) + ((1L + orientation.Count + spatialFrequency.Count + size.Count) * trials);
            long done = 0;

            var checkpoint = checkpointDirectory is null ? null : MeasurementCheckpoint.Open(checkpointDirectory, Fingerprint(model, modelName, layers, options, trials, mappingTrials), saveInterval);
            int stageIndex = 0;

            // Each batch's noise comes from the model's stochastic modules reseeded from (seed, stage, first stimulus), so a
            // run is reproducible from its seed and a resumed run records exactly what an uninterrupted one would.
            Tensor[] Record(GratingStimulusSet? set, int repeats, string stage)
            {
                int n = set?.Count ?? 1;
                long stream = (long)++stageIndex << 32;
                Tensor[] stores;
                int first = 0;
                if (checkpoint?.Load(stage, recorders.Select(r => new long[] { r.Count, n }).ToArray(), device) is { } saved)
                {
                    stores = saved.Stores;
                    first = saved.Done;
                    done += (long)first * repeats;
                }
                else
                {
                    stores = recorders.Select(r => zeros([r.Count, n], ScalarType.Float32, device).DetachFromDisposeScope()).ToArray();
                }

                for (int start = first; start < n; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = Math.Min(options.BatchSize, n - start);
                    using var scope = NewDisposeScope();
                    var images = set is null ? GratingRenderer.Blank(screen, device) : GratingRenderer.Render(Slice(set.Gratings, start, count), screen, device);
                    if (stochastic)
                    {
                        StochasticModules.Reseed(model, options.Seed, stream + start);
                    }

                    // Each trial's full activations are freed before the next trial: only the followed units are summed.
                    Tensor[]? sums = null;
                    for (int t = 0; t < repeats; t++)
                    {
                        using var trialScope = NewDisposeScope();
                        var selected = Present(images);
                        if (sums is null)
                        {
                            sums = selected.Select(x => x.MoveToOuterDisposeScope()).ToArray();
                        }
                        else
                        {
                            for (int i = 0; i < sums.Length; i++)
                            {
                                sums[i].add_(selected[i]);
                            }
                        }
                    }

                    for (int i = 0; i < recorders.Length; i++)
                    {
                        stores[i].narrow(1, start, count).copy_(sums![i].t().div(repeats));
                    }

                    done += (long)count * repeats;
                    checkpoint?.Save(stage, stores, start + count, watch.Elapsed.TotalSeconds, force: start + count == n);
                    progress?.Report(new RunProgress("V1 properties: " + stage, done, total, "presentations"));
                }

                return stores;
            }

            // (1) Receptive-field mapping and unit selection.
            var mappingBlank = Record(null, mappingTrials, "mapping_blank");
            var maps = Record(mapping, mappingTrials, mapping.Name);
            for (int i = 0; i < recorders.Length; i++)
            {
                using var scope = NewDisposeScope();
                var keep = ReceptiveFields(maps[i], mappingBlank[i], options, noiseFloor);
                recorders[i].ReferenceSelection = noiseFloor > 0 ? (int)ReceptiveFields(maps[i], mappingBlank[i], options, 0).shape[0] : null;
                recorders[i].Narrow(keep);
                maps[i].Dispose();
                mappingBlank[i].Dispose();
            }

            // (2) The property stimuli, kept units only.
            var blankRates = Record(null, trials, "blank");
            var orientationRates = Record(orientation, trials, orientation.Name);
            var sfRates = Record(spatialFrequency, trials, spatialFrequency.Name);
            var sizeRates = Record(size, trials, size.Name);
            progress?.Report(new RunProgress("V1 properties: scoring", done, total, "presentations"));

            // (3)-(5) Calibration, properties and scores per layer.
            var ceilings = MarquesDistributions.All.ToDictionary(d => d.Name, d => DistributionSimilarity.Ceiling(d, options.Seed, options.BootstrapSamples), StringComparer.Ordinal);
            var results = new List<LayerV1Properties>();
            for (int i = 0; i < recorders.Length; i++)
            {
                using var scope = NewDisposeScope();
                results.Add(Analyse(recorders[i], blankRates[i], orientationRates[i], sfRates[i], sizeRates[i], options, ceilings));
            }

            foreach (var t in blankRates.Concat(orientationRates).Concat(sfRates).Concat(sizeRates))
            {
                t.Dispose();
            }

            return new V1PropertiesResult
            {
                Model = modelName,
                Screen = screen,
                PositionY = options.PositionY,
                PositionX = options.PositionX,
                Stochastic = stochastic,
                Trials = trials,
                MappingTrials = mappingTrials,
                ReceptiveFieldNoiseFloor = noiseFloor,
                Seed = options.Seed,
                BootstrapSamples = options.BootstrapSamples,
                Presentations = total + 2,
                Seconds = (checkpoint?.PreviousSeconds ?? 0) + watch.Elapsed.TotalSeconds,
                Layers = results,
            };
        }
        finally
        {
            foreach (var remove in hooks)
            {
                remove();
            }

            foreach (var recorder in recorders)
            {
                recorder.Dispose();
            }

            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Scores per-unit property values against the seven recorded distributions (ceilings computed with the same seed).
    /// </summary>
    /// <param name="values">Values keyed by property name (<see cref="V1PropertyNames"/>); missing properties score 0.</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <param name="samples">Bootstrap samples (reference 1000).</param>
    public static IReadOnlyList<PropertyScore> Score(IReadOnlyDictionary<string, double[]> values, long seed, int samples = DistributionSimilarity.DefaultSamples)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ceilings = MarquesDistributions.All.ToDictionary(d => d.Name, d => DistributionSimilarity.Ceiling(d, seed, samples), StringComparer.Ordinal);
        return Score(values, seed, samples, ceilings);
    }

    private static List<PropertyScore> Score(IReadOnlyDictionary<string, double[]> values, long seed, int samples, Dictionary<string, double> ceilings)
    {
        var scores = new List<PropertyScore>();
        foreach (var distribution in MarquesDistributions.All)
        {
            var v = values.TryGetValue(distribution.Name, out var found) ? found : [];
            var (raw, std) = DistributionSimilarity.Bootstrap(v, distribution, seed, samples);
            double ceiling = ceilings[distribution.Name];
            scores.Add(new PropertyScore
            {
                Property = distribution.Name,
                Group = distribution.Group,
                Units = v.Length,
                UnitsWithValue = v.Count(x => !double.IsNaN(x)),
                Raw = raw,
                RawStd = std,
                Ceiling = ceiling,
                Ceiled = raw / ceiling,
                ReferenceCeiling = distribution.ReferenceCeiling,
                ReferenceAlexNet = distribution.ReferenceAlexNet,
            });
        }

        return scores;
    }

    /// <summary>Group means and their mean.</summary>
    /// <param name="scores">Property scores.</param>
    public static (IReadOnlyList<GroupScore> Groups, double Score) Aggregate(IReadOnlyList<PropertyScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var groups = scores.GroupBy(s => s.Group).Select(g => new GroupScore(g.Key, g.Average(s => s.Ceiled))).ToArray();
        return (groups, groups.Length == 0 ? 0 : groups.Average(g => g.Score));
    }

    // What a saved measurement must share with this run: the benchmark's version of the stimuli and stages, the model's
    // name and weights (every parameter and buffer), the layers and the options with the trial counts in effect.
    private static Runs.Fingerprint Fingerprint(nn.Module<Tensor, Tensor> model, string modelName, IReadOnlyList<string> layers, V1PropertiesOptions options, int trials, int mappingTrials) =>
        new Runs.FingerprintBuilder()
            .AddText("rules", $"v1 properties v{CheckpointVersion}")
            .AddText("model", modelName)
            .AddModule("model weights", model)
            .AddText("layers", string.Join("\n", layers))
            .AddJson("options", options with { Trials = trials, MappingTrials = mappingTrials }, V1PropertiesJsonContext.Default.V1PropertiesOptions)
            .Build();

    private static Tensor ReceptiveFields(Tensor responses, Tensor blank, V1PropertiesOptions options, double noiseFloor)
    {
        long units = responses.shape[0];
        int side = MarquesStimuli.MappingPositions.Count;
        if (units == 0)
        {
            return zeros([0], ScalarType.Int64, responses.device);
        }

        var map = nn.functional.relu(responses).view(units, side, side, -1).sub(nn.functional.relu(blank).view(units, 1, 1, 1)).amax(3).relu_();
        if (noiseFloor > 0)
        {
            // The floor of a noisy map: its median over the grid plus k robust standard deviations (1.4826 × the median
            // absolute deviation), both per unit; the map is measured from there. A noiseless map that is zero over most
            // of the grid has a floor of 0 and is unchanged.
            var flat = map.view(units, -1);
            var q = tensor(0.5f, ScalarType.Float32, responses.device);
            var median = flat.quantile(q, 1, keepdim: true);
            var spread = flat.sub(median).abs_().quantile(q, 1, keepdim: true).mul_(1.4826);
            map = flat.sub(median.add(spread.mul_(noiseFloor))).relu_().view(units, side, side);
        }

        var peak = map.view(units, -1).amax(1);
        var weights = map.mul(map.gt(peak.mul(options.ReceptiveFieldThreshold).view(units, 1, 1)));
        var index = arange(side, ScalarType.Float32, responses.device);
        var sum = weights.sum([1, 2]);
        var cy = weights.sum(2).mul(index).sum(1).div(sum);
        var cx = weights.sum(1).mul(index).sum(1).div(sum);
        double first = MarquesStimuli.MappingPositions[0], step = MarquesStimuli.MappingPositions[1] - first;
        var y = cy.mul(step).add(first);
        var x = cx.mul(step).add(first);
        var distance = y.sub(options.PositionY).square().add(x.sub(options.PositionX).square()).sqrt();
        var keep = peak.gt(0).logical_and(distance.le(options.ReceptiveFieldDelta));
        return keep.nonzero().view(-1);
    }

    private static LayerV1Properties Analyse(LayerRecorder recorder, Tensor blank, Tensor orientation, Tensor spatialFrequency, Tensor size, V1PropertiesOptions options, Dictionary<string, double> ceilings)
    {
        var layer = new LayerV1Properties { Layer = recorder.Name, LayerUnits = recorder.LayerUnits, MappedUnits = recorder.MappedUnits, ReceptiveFieldUnits = recorder.Count, ReferenceReceptiveFieldUnits = recorder.ReferenceSelection };
        if (recorder.Count == 0)
        {
            return Unscored(layer, $"no unit's receptive field lies within {options.ReceptiveFieldDelta} deg of the stimulus", options, ceilings);
        }

        var (slope, offset, responsive) = FiringRateCalibration.Fit(blank, orientation.view(recorder.Count, -1), options);
        layer = layer with { ResponsiveUnits = responsive, Slope = slope, Offset = offset };
        if (double.IsNaN(slope))
        {
            return Unscored(layer, "gratings do not drive the selected units above the blank", options, ceilings);
        }

        var baseline = Host(FiringRateCalibration.Apply(blank, slope, offset));
        var values = PropertyExtractor.Extract(
            baseline,
            DcF1(FiringRateCalibration.Apply(orientation, slope, offset)),
            DcF1(FiringRateCalibration.Apply(spatialFrequency, slope, offset)),
            DcF1(FiringRateCalibration.Apply(size, slope, offset)),
            options.ResponseThreshold);
        var scores = Score(values, options.Seed, options.BootstrapSamples, ceilings);
        var (groups, score) = Aggregate(scores);
        return layer with { Scores = scores, Groups = groups, Score = score, Unscored = Summaries(values), Values = values };
    }

    private static LayerV1Properties Unscored(LayerV1Properties layer, string problem, V1PropertiesOptions options, Dictionary<string, double> ceilings)
    {
        var empty = MarquesDistributions.All.Select(d => d.Name).Concat(V1PropertyNames.Unscored).ToDictionary(n => n, _ => Array.Empty<double>(), StringComparer.Ordinal);
        var scores = Score(empty, options.Seed, options.BootstrapSamples, ceilings);
        var (groups, score) = Aggregate(scores);
        return layer with { Problem = problem, Scores = scores, Groups = groups, Score = score, Values = empty };
    }

    private static List<UnscoredProperty> Summaries(Dictionary<string, double[]> values) =>
        V1PropertyNames.Unscored.Select(name =>
        {
            var all = values[name];
            var valid = all.Where(v => !double.IsNaN(v)).Order().ToArray();
            double Quantile(double q) => valid.Length == 0 ? double.NaN : MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(valid, q);
            return new UnscoredProperty { Property = name, Units = all.Length, UnitsWithValue = valid.Length, Q25 = Quantile(0.25), Median = Quantile(0.5), Q75 = Quantile(0.75) };
        }).ToList();

    // DC = mean over the 8 phases; F1 = 2 |FFT[1]| / 8 (the reference's AC), both [units, conditions] on the host.
    private static (double[] Dc, double[] F1) DcF1(Tensor rates)
    {
        int phases = MarquesStimuli.Phases.Count;
        var byPhase = rates.to(ScalarType.Float64).view(rates.shape[0], -1, phases);
        var dc = byPhase.mean([2]);
        var angles = arange(phases, ScalarType.Float64, rates.device).mul(2 * Math.PI / phases);
        var re = byPhase.matmul(angles.cos());
        var im = byPhase.matmul(angles.sin());
        var f1 = re.square().add(im.square()).sqrt().mul(2.0 / phases);
        return (Host(dc), Host(f1));
    }

    private static double[] Host(Tensor t) => t.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

    private static Grating[] Slice(IReadOnlyList<Grating> gratings, int start, int count)
    {
        var slice = new Grating[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = gratings[start + i];
        }

        return slice;
    }
}
