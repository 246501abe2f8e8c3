using BioVision.Rsa.Predictivity;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// The on-device PLS and ridge of <c>DeviceRegression</c> as they were before the batched rewrite (one alpha at a
/// time, out-of-place deflation), kept verbatim so the equality tests pin the new implementation to the old scores.
/// </summary>
internal static class DeviceRegressionBaseline
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
            // Targets whose residual vanished are zeroed, as scikit-learn does.
            var alive = (yk.abs().amax([0]) >= 10 * Eps).to(ScalarType.Float64);
            yk = yk * alive;
            cross = cross * alive;
            var live = (yk.abs().amax([0]) > Eps).nonzero();
            if (live.shape[0] == 0)
            {
                break;
            }

            long start = live[0, 0].item<long>();
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
            xk = xk - t.outer(pLoad);
            yk = yk - t.outer(qLoad);
            cross = cross - (tt * pLoad.outer(qLoad));
            weights.Add(w);
            xLoadings.Add(pLoad);
            yLoadings.Add(qLoad);
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
        double bestAlpha = options.Alphas[0], bestError = double.PositiveInfinity;
        foreach (double alpha in options.Alphas)
        {
            using var inner = NewDisposeScope();
            var shrink = lambda / (lambda + alpha);
            var fitted = u.matmul(uty * shrink.unsqueeze(1));
            var hat = uSquared.matmul(shrink) + (1.0 / n);
            var denominator = (1 - hat).clamp_min(1e-12).unsqueeze(1);
            double error = ((yc - fitted) / denominator).pow(2).sum().item<double>();
            if (error < bestError)
            {
                bestError = error;
                bestAlpha = alpha;
            }
        }

        var dual = u.matmul(uty / (lambda + bestAlpha).unsqueeze(1)); // n × targets
        var xt = xTest.to(ScalarType.Float64) - xMean;
        var predictions = xt.matmul(xc.t()).matmul(dual) + yMean;
        return (predictions.MoveToOuterDisposeScope(), bestAlpha);
    }

}
