using System.Globalization;
using BioVision.Rsa.Cka;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Predictivity;
using BioVision.Rsa.RdmMethods;
using MathNet.Numerics.Distributions;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Scores of model layers against recorded responses (stimuli × neurons): cross-validated linear predictivity as
/// Brain-Score computes it (PLS or ridge, median Pearson r over neurons, mean over splits), RSA of the layer's and
/// the population's correlation-distance RDMs, and unbiased linear CKA. Several sessions (different images and
/// neurons) are pooled by averaging.
/// </summary>
public static class PredictivityScoring
{
    /// <summary>Predictivity of each layer, pooled over sessions: the mean of the per-split scores of all sessions.</summary>
    /// <param name="dataset">Name of the (pooled) data set.</param>
    /// <param name="region">Region.</param>
    /// <param name="sessions">Per session: the layers' features and the responses (same stimulus order).</param>
    /// <param name="options">Regression and splits (Brain-Score's defaults when null: PLS-25, 10 × 90/10, seed 1).</param>
    /// <param name="ceiling">Noise ceiling of the predictivity (split-half reliability), or null.</param>
    /// <param name="progress">Receives a line per layer and session.</param>
    /// <remarks>The interval is mean ± 1.96 × the standard error over all splits of all sessions.</remarks>
    public static DatasetScores Predictivity(string dataset, string region, IReadOnlyList<(LayerActivations Features, double[,] Responses)> sessions,
        PredictivityOptions? options = null, double? ceiling = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        options ??= new PredictivityOptions();
        var layers = Layers(sessions);
        var scores = new List<LayerScore>();
        foreach (string layer in layers)
        {
            var perSplit = new List<double>();
            foreach (var (features, responses) in sessions)
            {
                var result = DeviceRegression.Evaluate(features[layer], responses, options);
                perSplit.AddRange(result.PerSplit);
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{dataset} {layer}: r = {result.Score:F3}"));
            }

            double mean = perSplit.Average();
            double se = perSplit.Count > 1 ? Math.Sqrt(perSplit.Sum(v => (v - mean) * (v - mean)) / (perSplit.Count - 1) / perSplit.Count) : double.NaN;
            scores.Add(new LayerScore(layer, mean, mean - (1.96 * se), mean + (1.96 * se)));
        }

        string regression = options.Regression == RegressionKind.Pls
            ? string.Create(CultureInfo.InvariantCulture, $"PLS-{options.Pls.Components}")
            : "ridge (LOO-chosen alpha)";
        return new DatasetScores
        {
            Dataset = dataset,
            Region = region,
            Metric = regression + " median Pearson r",
            Layers = scores,
            Ceiling = ceiling,
            Interval = string.Create(CultureInfo.InvariantCulture,
                $"mean ± 1.96 SE over {options.Splits} × {options.TrainFraction:0.##}/{1 - options.TrainFraction:0.##} splits × {sessions.Count} session(s), seed {options.Seed}"),
            Note = ceiling is null ? null : "ceiled score = r / ceiling (Brain-Score 2018-2020 convention)",
        };
    }

    /// <summary>RSA (Spearman of correlation-distance RDMs, upper triangles) of each layer against each session's population RDM, averaged over sessions.</summary>
    /// <param name="dataset">Name of the pooled data set.</param>
    /// <param name="region">Region.</param>
    /// <param name="sessions">Per session: features and responses.</param>
    /// <remarks>The model RDM is computed on the device; the interval is a t interval over sessions (NaN for one session).</remarks>
    public static DatasetScores Rsa(string dataset, string region, IReadOnlyList<(LayerActivations Features, double[,] Responses)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var brain = sessions.Select(s => RdmCalculator.Calculate(new BioVision.Rsa.Dataset(Flatten(s.Responses), s.Responses.GetLength(0), s.Responses.GetLength(1)), new RdmOptions { Method = RdmMethod.Correlation })).ToArray();
        var scores = Layers(sessions).Select(layer =>
            Pooled(layer, sessions.Select((s, i) => RdmComparer.Compare(s.Features.Rdm(layer).Vector(0), brain[i].Vector(0), ComparisonMethod.Spearman)).ToArray())).ToList();
        return new DatasetScores
        {
            Dataset = dataset,
            Region = region,
            Metric = "RSA Spearman (correlation-distance RDMs)",
            Layers = scores,
            Interval = string.Create(CultureInfo.InvariantCulture, $"t interval over {sessions.Count} session(s)"),
            Note = "no ceiling: the test sessions have no repeats",
        };
    }

    /// <summary>Unbiased linear CKA (Kornblith et al. 2019; Brain-Score's default) of each layer with each session's responses, averaged over sessions.</summary>
    /// <param name="dataset">Name of the pooled data set.</param>
    /// <param name="region">Region.</param>
    /// <param name="sessions">Per session: features and responses.</param>
    public static DatasetScores Cka(string dataset, string region, IReadOnlyList<(LayerActivations Features, double[,] Responses)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var scores = Layers(sessions).Select(layer =>
            Pooled(layer, sessions.Select(s => LinearCka.Compute(s.Features.ToMatrix(layer), s.Responses, HsicEstimator.Unbiased)).ToArray())).ToList();
        return new DatasetScores
        {
            Dataset = dataset,
            Region = region,
            Metric = "unbiased linear CKA",
            Layers = scores,
            Interval = string.Create(CultureInfo.InvariantCulture, $"t interval over {sessions.Count} session(s)"),
            Note = "no ceiling: the test sessions have no repeats",
        };
    }

    /// <summary>
    /// Held-out predictivity with a fixed train/test split: fit on the training stimuli, predict the test stimuli, take
    /// the median Pearson r over neurons; the interval is a 95% percentile bootstrap over neurons (1000 draws from
    /// <paramref name="bootstrapSeed"/>; the default 0 keeps earlier reports reproducible).
    /// </summary>
    /// <param name="dataset">Data set name.</param>
    /// <param name="region">Region.</param>
    /// <param name="train">Training features and responses.</param>
    /// <param name="test">Test features and responses.</param>
    /// <param name="options">Regression options (ridge with Brain-Score's alphas when null).</param>
    /// <param name="bootstrapSeed">Seed of the bootstrap over neurons (vary it to see the interval's own sampling noise).</param>
    public static DatasetScores HeldOut(string dataset, string region, (LayerActivations Features, double[,] Responses) train,
        (LayerActivations Features, double[,] Responses) test, PredictivityOptions? options = null, long bootstrapSeed = 0)
    {
        options ??= new PredictivityOptions { Regression = RegressionKind.Ridge };
        var scores = new List<LayerScore>();
        foreach (string layer in train.Features.Layers)
        {
            double[,] predicted;
            using (var scope = TorchSharp.torch.NewDisposeScope())
            {
                var yTrain = TorchSharp.torch.tensor(Flatten(train.Responses), [train.Responses.GetLength(0), train.Responses.GetLength(1)],
                    dtype: TorchSharp.torch.ScalarType.Float64, device: train.Features[layer].device);
                var p = options.Regression == RegressionKind.Pls
                    ? DeviceRegression.PlsFitPredict(train.Features[layer], yTrain, test.Features[layer], options.Pls)
                    : DeviceRegression.RidgeFitPredict(train.Features[layer], yTrain, test.Features[layer], options.Ridge).Predictions;
                var host = p.cpu().contiguous();
                predicted = new double[host.shape[0], host.shape[1]];
                var values = host.data<double>().ToArray();
                Buffer.BlockCopy(values, 0, predicted, 0, values.Length * sizeof(double));
            }

            int neurons = test.Responses.GetLength(1), n = test.Responses.GetLength(0);
            var r = new double[neurons];
            for (int j = 0; j < neurons; j++)
            {
                var p = new double[n];
                var y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    p[i] = predicted[i, j];
                    y[i] = test.Responses[i, j];
                }

                r[j] = NeuronStatistics.Pearson(p, y); // NaN for a dead neuron, left out of the median as in V4
            }

            double median = NeuronStatistics.NanMedian(r);
            var rng = BioVision.Rsa.SeededRandom.Create(bootstrapSeed);
            var boot = new double[1000];
            for (int b = 0; b < boot.Length; b++)
            {
                boot[b] = NeuronStatistics.NanMedian([.. Enumerable.Range(0, neurons).Select(_ => r[rng.Next(neurons)])]);
            }

            Array.Sort(boot);
            scores.Add(new LayerScore(layer, median, RsaScoring.Percentile(boot, 0.025), RsaScoring.Percentile(boot, 0.975)));
        }

        return new DatasetScores
        {
            Dataset = dataset,
            Region = region,
            Metric = (options.Regression == RegressionKind.Pls ? "PLS" : "ridge") + " held-out median Pearson r",
            Layers = scores,
            Interval = "95% percentile bootstrap over neurons, 1000 draws",
        };
    }

    private static LayerScore Pooled(string layer, double[] values)
    {
        double mean = values.Average();
        if (values.Length < 2)
        {
            return new LayerScore(layer, mean, double.NaN, double.NaN);
        }

        double se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
        double t = StudentT.InvCDF(0, 1, values.Length - 1, 0.975);
        return new LayerScore(layer, mean, mean - (t * se), mean + (t * se));
    }

    private static IReadOnlyList<string> Layers(IReadOnlyList<(LayerActivations Features, double[,] Responses)> sessions)
    {
        if (sessions.Count == 0)
        {
            throw new ArgumentException("At least one session is needed.", nameof(sessions));
        }

        foreach (var (features, responses) in sessions)
        {
            if (features.Stimuli != responses.GetLength(0))
            {
                throw new ArgumentException($"Features hold {features.Stimuli} stimuli, responses {responses.GetLength(0)}.", nameof(sessions));
            }
        }

        return sessions[0].Features.Layers;
    }

    private static double[] Flatten(double[,] m)
    {
        var v = new double[m.Length];
        Buffer.BlockCopy(m, 0, v, 0, m.Length * sizeof(double));
        return v;
    }
}
