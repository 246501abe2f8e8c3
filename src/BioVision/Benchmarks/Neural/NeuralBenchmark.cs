using BioVision.Runs;
using System.Diagnostics;
using System.Globalization;
using BioVision.Data;
using BioVision.Rsa;
using BioVision.Rsa.Predictivity;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Runs a model against the bundled neural data: shows it each stimulus set at its input size, records its layers
/// (<see cref="ActivationExtractor"/>), scores every layer on every data set, and assigns a layer to each region
/// using data other than the reported test data (<see cref="LayerSelection"/>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>IT: chosen on Algonauts IT, reported on Kriegeskorte human IT and on the monkey IT RDM; the Algonauts set is
/// reported with the layer chosen on Kriegeskorte human IT (each data set selects for the other).</item>
/// <item>EVC: chosen on the Kriegeskorte EVC RDM, reported on Algonauts EVC (with the Algonauts score).</item>
/// <item>V4: chosen on session 210224, reported on 190923, 201025 and 210225; PLS-25 and ridge predictivity ceiled by
/// the split-half reliability of 210325, RSA and unbiased CKA.</item>
/// <item>Mouse V1 (weak data): ridge, chosen by cross-validation on the training scenes, reported on the test scenes.</item>
/// </list>
/// Each stimulus set is extracted once and its activations are released before the next set, so memory stays at
/// one set's reduced activations.
/// </remarks>
public static class NeuralBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="model">The model (any device; evaluated in eval mode).</param>
    /// <param name="modelName">Name for the report.</param>
    /// <param name="input">Channels and size the model expects.</param>
    /// <param name="options">Options (defaults when null).</param>
    /// <param name="progress">Receives stage progress.</param>
    /// <param name="cancellationToken">Stops between batches and stages.</param>
    public static NeuralBenchmarkResult Run(nn.Module<Tensor, Tensor> model, string modelName, ModelInput input, NeuralBenchmarkOptions? options = null,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new NeuralBenchmarkOptions();
        input.Validate();
        if (options.Sets == NeuralSets.None)
        {
            throw new ArgumentException("No data sets selected.", nameof(options));
        }

        // The data root is checked before any stimulus is shown: a wrong path fails at once, naming it.
        string root = options.DataRoot is { } given ? SharedDataPaths.RequireDataRoot(given)
            : SharedDataPaths.DataRoot ?? throw new DirectoryNotFoundException(
                $"No data root: set {SharedDataPaths.DataVariable} to the shared data folder, place 'shared/data' beside the checkout, or set {nameof(NeuralBenchmarkOptions)}.{nameof(NeuralBenchmarkOptions.DataRoot)}.");
        var clock = Stopwatch.StartNew();
        var extraction = options.Extraction with { Input = input };
        var regions = new List<RegionResult>();
        var pairs = new List<RdmPair>();
        var extras = new List<DatasetScores>();
        IReadOnlyList<string>? layers = null;
        IReadOnlyDictionary<string, long>? original = null;
        int draws = 1;

        LayerActivations Extract(string stage, IImageDataset images)
        {
            var acts = ActivationExtractor.Extract(model, images, extraction, new InlineProgress<RunProgress>(e => progress?.Report(e with { Stage = stage })), cancellationToken);
            layers ??= acts.Layers;
            original ??= acts.OriginalFeatures;
            draws = acts.Draws;
            return acts;
        }

        void Stage(string stage) => progress?.Report(new RunProgress(stage, 0, 1, "steps"));

        if ((options.Sets & (NeuralSets.It92 | NeuralSets.Algonauts)) != 0)
        {
            Rsa.Rdms rdms;
            using (var acts = Extract("92 images", NeuralData.Images92(input, root: root)))
            {
                rdms = acts.Rdms();
            }

            Stage("RSA: Algonauts IT");
            var algonautsIt = NeuralData.Algonauts("IT", root: root);
            var algIt = RsaScoring.Score(rdms, algonautsIt, options.Rsa);
            Stage("RSA: Kriegeskorte human IT");
            var humanIt = RsaScoring.Score(rdms, NeuralData.HumanIt92(root: root), options.Rsa);
            cancellationToken.ThrowIfCancellationRequested();
            if ((options.Sets & NeuralSets.It92) != 0)
            {
                Stage("RSA: monkey IT");
                var monkeyIt = RsaScoring.Score(rdms, NeuralData.MonkeyIt92(root: root), options.Rsa);
                regions.Add(LayerSelection.Assign("IT (human)", algIt, humanIt));
                regions.Add(LayerSelection.Assign("IT (monkey)", algIt, monkeyIt));
                pairs.Add(Pair(rdms, regions[^2], NeuralData.HumanIt92(root: root)));
                pairs.Add(Pair(rdms, regions[^1], NeuralData.MonkeyIt92(root: root)));
            }

            if ((options.Sets & NeuralSets.Algonauts) != 0)
            {
                Stage("RSA: EVC");
                var algonautsEvc = NeuralData.Algonauts("EVC", root: root);
                var evcSelection = RsaScoring.Score(rdms, NeuralData.HumanEvc92(root: root), options.Rsa);
                var algEvc = RsaScoring.Score(rdms, algonautsEvc, options.Rsa);
                regions.Add(LayerSelection.Assign("IT (Algonauts)", humanIt, algIt));
                regions.Add(LayerSelection.Assign("EVC (Algonauts)", evcSelection, algEvc));
                pairs.Add(Pair(rdms, regions[^1], algonautsEvc));
                foreach (var (region, set) in new[] { ("IT", algonautsIt), ("EVC", algonautsEvc) })
                {
                    extras.Add(new DatasetScores
                    {
                        Dataset = set.Name,
                        Region = region,
                        Metric = "Algonauts score (% of noise ceiling)",
                        Layers = RsaScoring.AlgonautsScore(rdms, set, NeuralData.AlgonautsNoiseCeiling(region)),
                        Ceiling = 100,
                        Interval = "mean ± 1.96 SEM over subjects",
                        Note = string.Create(CultureInfo.InvariantCulture, $"mean squared Spearman r over {set.Subjects} subjects / noise ceiling R² {NeuralData.AlgonautsNoiseCeiling(region)}"),
                    });
                }
            }
        }

        if ((options.Sets & NeuralSets.V4) != 0)
        {
            Stage("V4 ceiling");
            double ceiling = NeuralData.CowleyV4Reliability(options.CeilingSplits, root: root).Median;
            var validation = NeuralData.CowleyV4(NeuralData.V4ValidationSession, input, options.V4MaxImages, root: root);
            var tests = NeuralData.V4TestSessions.Select(s => NeuralData.CowleyV4(s, input, options.V4MaxImages, root: root)).ToList();
            var valActs = Extract("V4 " + validation.Session, validation.Images);
            var testActs = new List<LayerActivations>();
            try
            {
                foreach (var t in tests)
                {
                    testActs.Add(Extract("V4 " + t.Session, t.Images));
                }

                var val = new List<(LayerActivations, double[,])> { (valActs, validation.Responses) };
                var test = tests.Select((t, i) => (testActs[i], t.Responses)).ToList();
                string valName = "cowley2023-V4-" + validation.Session, testName = "cowley2023-V4-" + string.Join("+", tests.Select(t => t.Session));
                var lines = progress is null ? null : new InlineProgress<string>(l => progress.Report(new RunProgress("V4 regression: " + l, 0, 1, "steps")));
                foreach (var (label, regression) in new[] { ("V4 (PLS)", options.Pls), ("V4 (ridge)", options.Ridge) })
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    regions.Add(LayerSelection.Assign(label,
                        PredictivityScoring.Predictivity(valName, "V4", val, regression, ceiling, lines),
                        PredictivityScoring.Predictivity(testName, "V4", test, regression, ceiling, lines)));
                }

                Stage("V4 RSA and CKA");
                regions.Add(LayerSelection.Assign("V4 (RSA)", PredictivityScoring.Rsa(valName, "V4", val), PredictivityScoring.Rsa(testName, "V4", test)));
                regions.Add(LayerSelection.Assign("V4 (CKA)", PredictivityScoring.Cka(valName, "V4", val), PredictivityScoring.Cka(testName, "V4", test)));
            }
            finally
            {
                valActs.Dispose();
                foreach (var a in testActs)
                {
                    a.Dispose();
                }
            }
        }

        if ((options.Sets & NeuralSets.Mouse) != 0)
        {
            var mouse = NeuralData.AllenMouseV1(root: root);
            using var train = Extract("mouse V1 train", mouse.TrainImages);
            using var test = Extract("mouse V1 test", mouse.TestImages);
            Stage("mouse V1 ridge");
            var selection = PredictivityScoring.Predictivity("allen-V1-train-cv", "V1 (mouse)", [(train, mouse.TrainResponses)], options.Ridge);
            var held = PredictivityScoring.HeldOut("allen-V1-test", "V1 (mouse)", (train, mouse.TrainResponses), (test, mouse.TestResponses), options.Ridge with { });
            regions.Add(LayerSelection.Assign("V1 (mouse)", selection, held with { Note = "weak data: 100 train / 18 test scenes, 31 x 31 px, calcium; no ceiling" }, weakData: true));
        }

        int? k = options.Extraction.MaxFeatures;
        return new NeuralBenchmarkResult
        {
            Model = modelName,
            Input = input.ToString(),
            Layers = layers ?? [],
            OriginalFeatures = original ?? new Dictionary<string, long>(),
            Draws = draws,
            Reduction = k is int kk
                ? string.Create(CultureInfo.InvariantCulture, $"layers above {kk} features reduced by a count-sketch random projection (seed {options.Extraction.Seed})")
                : "no reduction",
            Regions = regions,
            Extras = extras,
            RdmPairs = pairs,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    private static RdmPair Pair(Rsa.Rdms layers, RegionResult region, RdmDataSet data)
    {
        int index = Array.IndexOf(RsaScoring.Names(layers), region.SelectedLayer);
        return new RdmPair(region.Region, region.SelectedLayer, data.Name + (data.Data.Count > 1 ? " (mean)" : ""),
            layers.Vector(index).ToArray(), data.Data.Mean().Vector(0).ToArray());
    }
}
