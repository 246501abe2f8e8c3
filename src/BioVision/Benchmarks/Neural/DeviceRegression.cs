using BioVision.Rsa.Predictivity;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// PLS and ridge regression on TorchSharp tensors (float64, on the features' device), the same estimators as
/// <see cref="PlsRegression"/> (scikit-learn's NIPALS <c>PLSRegression</c>, <c>scale=False</c>) and
/// <see cref="RidgeRegression"/> (one alpha for all targets by exact leave-one-out error, intercept fitted), so
/// cross-validated predictivity of thousands of features over ten splits runs in seconds rather than minutes.
/// The managed implementations stay the reference; the tests check that both agree.
/// </summary>
public static class DeviceRegression
{
    /// <summary>Fits PLS on (<paramref name="xTrain"/>, <paramref name="yTrain"/>) and predicts <paramref name="xTest"/>.</summary>
    /// <param name="xTrain">Training features, examples × features.</param>
    /// <param name="yTrain">Training targets, examples × targets.</param>
    /// <param name="xTest">Test features.</param>
    /// <param name="options">Components, iterations and tolerance (scale must be false).</param>
    /// <returns>Predicted targets for the test examples (float64, same device).</returns>
    public static Tensor PlsFitPredict(Tensor xTrain, Tensor yTrain, Tensor xTest, PlsOptions? options = null)
    {
        options ??= new PlsOptions();
        if (options.Scale)
        {
            throw new ArgumentException("On-device PLS implements scale = false (Brain-Score's setting).", nameof(options));
        }

        using var scope = NewDisposeScope();
        var x = xTrain.to(ScalarType.Float64);
        var y = yTrain.to(ScalarType.Float64);
        long n = x.shape[0], p = x.shape[1], q = y.shape[1];
        var xMean = x.mean([0]);
        var yMean = y.mean([0]);
        // Fresh tensors owned here: the deflations below update them in place, so each component costs no n × p
        // allocation (on the CPU every allocation is zero-filled, and 25 kept copies of a 576 × 4096 layer were ~1 GB).
        var xk = x - xMean;
        var yk = y - yMean;
        int components = (int)Math.Min(options.Components, Math.Min(p, n - 1));
        const double Eps = 2.220446049250313e-16;
        var weights = new List<Tensor>();
        var xLoadings = new List<Tensor>();
        var yLoadings = new List<Tensor>();
        // C = XᵀY is kept up to date by its rank-one deflation C ← C − (tᵀt) p qᵀ (exact for the deflations below),
        // which costs O(pq) per component instead of recomputing XᵀY at O(npq).
        var cross = xk.t().matmul(yk);
        for (int k = 0; k < components; k++)
        {
            using var step = NewDisposeScope();
            // Targets whose residual vanished are zeroed, as scikit-learn does. One host read of the q column maxima
            // decides it; the zeroing (a multiplication by one for live targets) is skipped when every target is live.
            var amax = yk.abs().amax([0]).cpu().data<double>().ToArray();
            int start = Array.FindIndex(amax, v => v >= 10 * Eps);
            if (start < 0)
            {
                break;
            }

            if (Array.Exists(amax, v => !(v >= 10 * Eps)))
            {
                var alive = tensor(amax.Select(v => v >= 10 * Eps ? 1.0 : 0.0).ToArray(), dtype: ScalarType.Float64, device: yk.device);
                yk.mul_(alive);
                cross.mul_(alive);
            }

            // NIPALS mode A converges to the dominant left singular vector of C = XᵀY (the managed implementation runs
            // the power method on C Cᵀ to a tolerance). Here it is computed directly from the small q × q matrix CᵀC:
            // w ∝ C v with v its leading eigenvector; the results agree to the power method's tolerance.
            Tensor w;
            if (q > 1)
            {
                var (_, vectors) = linalg.eigh(cross.t().matmul(cross));
                w = cross.matmul(vectors[.., -1]);
            }
            else
            {
                w = cross[.., start];
            }

            w = w / (w.norm() + Eps);
            long biggest = w.abs().argmax().item<long>();
            if (w[biggest].item<double>() < 0)
            {
                w = -w;
            }

            var t = xk.matmul(w);
            double tt = t.dot(t).item<double>();
            if (!(tt > Eps))
            {
                break;
            }

            var pLoad = xk.t().matmul(t) / tt;
            var qLoad = yk.t().matmul(t) / tt;
            xk.addr_(t, pLoad, alpha: -1); // xk − t pᵀ in place (−1 · tᵢ pⱼ is exact)
            yk.addr_(t, qLoad, alpha: -1);
            cross.sub_(pLoad.outer(qLoad).mul_(tt));
            weights.Add(w.MoveToOuterDisposeScope());
            xLoadings.Add(pLoad.MoveToOuterDisposeScope());
            yLoadings.Add(qLoad.MoveToOuterDisposeScope());
        }

        var xt = xTest.to(ScalarType.Float64) - xMean;
        if (weights.Count == 0)
        {
            return yMean.unsqueeze(0).expand(xt.shape[0], -1).clone().MoveToOuterDisposeScope();
        }

        var wm = stack(weights, 1);
        var pm = stack(xLoadings, 1);
        var qm = stack(yLoadings, 1);
        var rotations = wm.matmul(linalg.pinv(pm.t().matmul(wm)));
        var coefficients = rotations.matmul(qm.t());
        return (xt.matmul(coefficients) + yMean).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fits ridge regression with the alpha of lowest exact leave-one-out error (over all targets) and predicts
    /// <paramref name="xTest"/>. Works in the dual (examples × examples Gram matrix), so the cost does not grow with
    /// the number of features beyond one matrix product.
    /// </summary>
    /// <param name="xTrain">Training features.</param>
    /// <param name="yTrain">Training targets.</param>
    /// <param name="xTest">Test features.</param>
    /// <param name="options">Candidate alphas (Brain-Score's grid by default).</param>
    /// <returns>Predictions and the chosen alpha.</returns>
    public static (Tensor Predictions, double Alpha) RidgeFitPredict(Tensor xTrain, Tensor yTrain, Tensor xTest, RidgeOptions? options = null)
    {
        options ??= new RidgeOptions();
        if (options.Alphas.Count == 0 || options.Alphas.Any(a => !(a > 0) || !double.IsFinite(a)))
        {
            throw new ArgumentException("Ridge alphas must be a non-empty list of positive finite numbers.", nameof(options));
        }

        using var scope = NewDisposeScope();
        var x = xTrain.to(ScalarType.Float64);
        var y = yTrain.to(ScalarType.Float64);
        long n = x.shape[0];
        var xMean = x.mean([0]);
        var yMean = y.mean([0]);
        var xc = x - xMean;
        var yc = y - yMean;
        var (lambdaRaw, u) = linalg.eigh(xc.matmul(xc.t()));
        var lambda = lambdaRaw.clamp_min(0);
        var uSquared = u * u;
        var uty = u.t().matmul(yc);
        // Leave-one-out errors of all alphas from the one eigendecomposition, as batched matrix products over blocks of
        // alphas (a block's fitted values are alphas × n × targets; blocks keep that under ~4M numbers, 32 MB), with one
        // host read per block instead of one per alpha.
        double[] alphas = [.. options.Alphas];
        var errors = new double[alphas.Length];
        long q = yc.shape[1];
        int block = (int)Math.Clamp(4_000_000 / Math.Max(1, n * q), 1, alphas.Length);
        for (int a0 = 0; a0 < alphas.Length; a0 += block)
        {
            using var inner = NewDisposeScope();
            int count = Math.Min(block, alphas.Length - a0);
            var alpha = tensor(alphas.AsSpan(a0, count).ToArray(), dtype: ScalarType.Float64, device: x.device);
            var shrink = lambda.unsqueeze(1) / (lambda.unsqueeze(1) + alpha.unsqueeze(0)); // n × alphas
            var fitted = u.matmul(uty.unsqueeze(0) * shrink.t().unsqueeze(2)); // alphas × n × targets
            var hat = uSquared.matmul(shrink) + (1.0 / n); // n × alphas
            var denominator = (1 - hat).clamp_min(1e-12).t().unsqueeze(2); // alphas × n × 1
            var blockErrors = ((yc.unsqueeze(0) - fitted) / denominator).pow(2).sum([1, 2]).cpu().data<double>().ToArray();
            blockErrors.CopyTo(errors, a0);
        }

        // The first alpha of strictly lowest error (NaN errors never win), as scikit-learn's RidgeCV picks it.
        double bestAlpha = alphas[0], bestError = double.PositiveInfinity;
        for (int a = 0; a < alphas.Length; a++)
        {
            if (errors[a] < bestError)
            {
                bestError = errors[a];
                bestAlpha = alphas[a];
            }
        }

        var dual = u.matmul(uty / (lambda + bestAlpha).unsqueeze(1)); // n × targets
        var xt = xTest.to(ScalarType.Float64) - xMean;
        var predictions = xt.matmul(xc.t()).matmul(dual) + yMean;
        return (predictions.MoveToOuterDisposeScope(), bestAlpha);
    }

    /// <summary>
    /// Cross-validated predictivity as <see cref="NeuralPredictivity.Evaluate"/> computes it (same splits from
    /// <see cref="CrossValidation"/>, Pearson r per neuron on held-out stimuli, median over neurons, mean over splits),
    /// with the regression on the device.
    /// </summary>
    /// <param name="features">Stimuli × features on any device.</param>
    /// <param name="responses">Stimuli × neurons.</param>
    /// <param name="options">Regression and splits.</param>
    /// <param name="ceiling">Optional ceiling for the ceiled score.</param>
    public static PredictivityResult Evaluate(Tensor features, double[,] responses, PredictivityOptions? options = null, double? ceiling = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(responses);
        options ??= new PredictivityOptions();
        int stimuli = responses.GetLength(0), neurons = responses.GetLength(1);
        if (features.shape[0] != stimuli)
        {
            throw new ArgumentException($"Features hold {features.shape[0]} stimuli, responses {stimuli}.", nameof(features));
        }

        using var scope = NewDisposeScope();
        var flat = new double[responses.Length];
        Buffer.BlockCopy(responses, 0, flat, 0, flat.Length * sizeof(double));
        var y = tensor(flat, [stimuli, neurons], dtype: ScalarType.Float64, device: features.device);
        var x = features.reshape(stimuli, -1).to(ScalarType.Float64);
        var splits = CrossValidation.Create(stimuli, options);
        var perSplit = new double[splits.Count];
        var sums = new double[neurons];
        var counts = new int[neurons];
        var batched = options.Regression == RegressionKind.Pls ? PlsAllSplits(x, y, splits, options.Pls) : new Tensor?[splits.Count];
        for (int s = 0; s < splits.Count; s++)
        {
            using var inner = NewDisposeScope();
            var train = tensor(splits[s].Train.Select(i => (long)i).ToArray(), device: features.device);
            var test = tensor(splits[s].Test.Select(i => (long)i).ToArray(), device: features.device);
            var yTest = y.index_select(0, test);
            var predicted = batched[s] ?? (options.Regression == RegressionKind.Pls
                ? PlsFitPredict(x.index_select(0, train), y.index_select(0, train), x.index_select(0, test), options.Pls)
                : RidgeFitPredict(x.index_select(0, train), y.index_select(0, train), x.index_select(0, test), options.Ridge).Predictions);
            var r = ColumnPearson(predicted, yTest).cpu().data<double>().ToArray();
            for (int j = 0; j < neurons; j++)
            {
                if (!double.IsNaN(r[j]))
                {
                    sums[j] += r[j];
                    counts[j]++;
                }
            }

            perSplit[s] = Rsa.Predictivity.NeuronStatistics.NanMedian(r);
        }

        double score = perSplit.Average();
        double error = Math.Sqrt(perSplit.Sum(v => (v - score) * (v - score)) / Math.Max(1, perSplit.Length - 1));
        double[] perNeuron = [.. Enumerable.Range(0, neurons).Select(j => counts[j] > 0 ? sums[j] / counts[j] : double.NaN)];
        return new PredictivityResult(score, error, perSplit, perNeuron, ceiling);
    }

    /// <summary>
    /// PLS predictions of every split, fitted for groups of splits at once as batched matrix products (the splits of
    /// <see cref="CrossValidation"/> have equal sizes), so the 25 sequential NIPALS steps cost a few batched operations
    /// instead of a few per split. Groups keep a group's centred training features under ~8M numbers (64 MB). A split
    /// whose fit meets an edge case (a target whose residual vanished, a zero score vector) is left null here and fitted
    /// by <see cref="PlsFitPredict"/>, which implements those rules.
    /// </summary>
    private static Tensor?[] PlsAllSplits(Tensor x, Tensor y, IReadOnlyList<TrainTestSplit> splits, PlsOptions options)
    {
        var result = new Tensor?[splits.Count];
        if (splits.Count == 0 || splits.Any(sp => sp.Train.Count != splits[0].Train.Count || sp.Test.Count != splits[0].Test.Count))
        {
            return result;
        }

        int nTrain = splits[0].Train.Count, nTest = splits[0].Test.Count;
        int group = (int)Math.Clamp(8_000_000 / Math.Max(1L, nTrain * x.shape[1]), 1, splits.Count);
        for (int g0 = 0; g0 < splits.Count; g0 += group)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(group, splits.Count - g0);
            var part = splits.Skip(g0).Take(count).ToList();
            var train = tensor(part.SelectMany(sp => sp.Train).Select(i => (long)i).ToArray(), device: x.device);
            var test = tensor(part.SelectMany(sp => sp.Test).Select(i => (long)i).ToArray(), device: x.device);
            var predicted = PlsFitPredictBatched(
                x.index_select(0, train).view(count, nTrain, -1),
                y.index_select(0, train).view(count, nTrain, -1),
                x.index_select(0, test).view(count, nTest, -1),
                options);
            if (predicted is null)
            {
                continue;
            }

            for (int i = 0; i < count; i++)
            {
                result[g0 + i] = predicted[i].clone().MoveToOuterDisposeScope();
            }
        }

        return result;
    }

    /// <summary>
    /// <see cref="PlsFitPredict"/> for a batch of problems <c>[splits, n, p]</c>, <c>[splits, n, q]</c>,
    /// <c>[splits, m, p]</c>; null when any problem needs PlsFitPredict's edge-case rules.
    /// </summary>
    private static Tensor? PlsFitPredictBatched(Tensor xTrain, Tensor yTrain, Tensor xTest, PlsOptions options)
    {
        if (options.Scale)
        {
            throw new ArgumentException("On-device PLS implements scale = false (Brain-Score's setting).", nameof(options));
        }

        using var scope = NewDisposeScope();
        const double Eps = 2.220446049250313e-16;
        var x = xTrain.to(ScalarType.Float64);
        var y = yTrain.to(ScalarType.Float64);
        long batch = x.shape[0], n = x.shape[1], p = x.shape[2], q = y.shape[2];
        var xMean = x.mean([1], keepdim: true);
        var yMean = y.mean([1], keepdim: true);
        var xk = x - xMean;
        var yk = y - yMean;
        int components = (int)Math.Min(options.Components, Math.Min(p, n - 1));
        if (components < 1)
        {
            return null;
        }

        var weights = new List<Tensor>();
        var xLoadings = new List<Tensor>();
        var yLoadings = new List<Tensor>();
        var cross = xk.transpose(1, 2).matmul(yk); // batch × p × q
        for (int k = 0; k < components; k++)
        {
            using var step = NewDisposeScope();
            var amax = yk.abs().amax([1]).cpu().data<double>().ToArray();
            if (Array.Exists(amax, v => !(v >= 10 * Eps)))
            {
                return null;
            }

            Tensor w;
            if (q > 1)
            {
                var (_, vectors) = linalg.eigh(cross.transpose(1, 2).matmul(cross));
                w = cross.matmul(vectors[.., .., -1].unsqueeze(2)).squeeze(2); // batch × p
            }
            else
            {
                w = cross[.., .., 0];
            }

            w = w / (w.pow(2).sum([1], keepdim: true).sqrt() + Eps);
            var largest = w.gather(1, w.abs().argmax(1, keepdim: true));
            w = where(largest < 0, -w, w);
            var t = xk.matmul(w.unsqueeze(2)); // batch × n × 1
            var tt = t.pow(2).sum([1, 2]);
            if (Array.Exists(tt.cpu().data<double>().ToArray(), v => !(v > Eps)))
            {
                return null;
            }

            var ttb = tt.view(batch, 1, 1);
            var pLoad = xk.transpose(1, 2).matmul(t) / ttb; // batch × p × 1
            var qLoad = yk.transpose(1, 2).matmul(t) / ttb; // batch × q × 1
            xk.sub_(t * pLoad.transpose(1, 2)); // the rank-one deflation of all problems (tᵢ pⱼ exactly as unbatched)
            yk.sub_(t * qLoad.transpose(1, 2));
            cross.sub_(pLoad.matmul(qLoad.transpose(1, 2)).mul_(ttb));
            weights.Add(w.unsqueeze(2).MoveToOuterDisposeScope());
            xLoadings.Add(pLoad.MoveToOuterDisposeScope());
            yLoadings.Add(qLoad.MoveToOuterDisposeScope());
        }

        var wm = cat(weights, 2);
        var pm = cat(xLoadings, 2);
        var qm = cat(yLoadings, 2);
        var rotations = wm.matmul(linalg.pinv(pm.transpose(1, 2).matmul(wm)));
        var coefficients = rotations.matmul(qm.transpose(1, 2)); // batch × p × q
        return ((xTest.to(ScalarType.Float64) - xMean).matmul(coefficients) + yMean).MoveToOuterDisposeScope();
    }

    /// <summary>Pearson r of each column pair (NaN where either column is constant).</summary>
    private static Tensor ColumnPearson(Tensor a, Tensor b)
    {
        var ac = a - a.mean([0]);
        var bc = b - b.mean([0]);
        var numerator = (ac * bc).sum([0]);
        var denominator = (ac.pow(2).sum([0]) * bc.pow(2).sum([0])).sqrt();
        return where(denominator > 0, numerator / denominator, full_like(numerator, double.NaN));
    }
}
