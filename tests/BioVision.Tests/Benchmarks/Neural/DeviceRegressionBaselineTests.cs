using BioVision.Benchmarks.Neural;
using BioVision.Rsa.Predictivity;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// The batched PLS and ridge of <see cref="DeviceRegression"/> compute what the one-alpha-at-a-time implementation
/// (<see cref="DeviceRegressionBaseline"/>) computed: same chosen alpha, predictions equal to 1e-10.
/// </summary>
public class DeviceRegressionBaselineTests
{
    private static Tensor Random(long rows, long columns, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return randn([rows, columns], dtype: ScalarType.Float64, generator: generator);
    }

    /// <summary>Targets: a noisy linear read-out of the features, optionally with one constant (dead) target.</summary>
    private static Tensor Targets(Tensor x, long q, int seed, bool deadTarget)
    {
        var y = x.matmul(Random(x.shape[1], q, seed)) / Math.Sqrt(x.shape[1]) + (2 * Random(x.shape[0], q, seed + 1));
        if (deadTarget)
        {
            y[.., 0] = tensor(3.0, dtype: ScalarType.Float64);
        }

        return y;
    }

    private static double MaxAbsDifference(Tensor a, Tensor b) => (a - b).abs().max().item<double>();

    [Theory]
    [InlineData(90, 40, 6, false)]    // more examples than features
    [InlineData(72, 300, 9, false)]   // more features than examples (the benchmark's case)
    [InlineData(72, 300, 9, true)]    // one target constant: zeroed by the dead-target rule
    [InlineData(50, 120, 1, false)]   // a single target
    public void Pls_EqualsTheUnbatchedImplementation(int n, int p, int q, bool deadTarget)
    {
        using var scope = NewDisposeScope();
        var x = Random(n, p, 10 + n);
        var y = Targets(x, q, 20 + p, deadTarget);
        var xt = Random(11, p, 30 + q);
        foreach (int components in new[] { 1, 5, 25 })
        {
            var options = new PlsOptions { Components = components };
            var expected = DeviceRegressionBaseline.PlsFitPredict(x, y, xt, options);
            var actual = DeviceRegression.PlsFitPredict(x, y, xt, options);
            Assert.Equal(expected.shape, actual.shape);
            double diff = MaxAbsDifference(expected, actual);
            Assert.True(diff < 1e-10, $"{components} components: max difference {diff}");
        }
    }

    [Theory]
    [InlineData(90, 40, 6, false)]
    [InlineData(72, 300, 9, false)]
    [InlineData(72, 300, 9, true)]
    [InlineData(50, 120, 1, false)]
    [InlineData(64, 200, 700, false)] // many targets: the 99 alphas are processed in two blocks
    public void Ridge_EqualsTheUnbatchedImplementation(int n, int p, int q, bool deadTarget)
    {
        using var scope = NewDisposeScope();
        var x = Random(n, p, 40 + n);
        var y = Targets(x, q, 50 + p, deadTarget);
        var xt = Random(13, p, 60 + q);
        foreach (var options in new[] { new RidgeOptions(), new RidgeOptions { Alphas = [0.3, 3, 30, 300] } })
        {
            var (expected, expectedAlpha) = DeviceRegressionBaseline.RidgeFitPredict(x, y, xt, options);
            var (actual, alpha) = DeviceRegression.RidgeFitPredict(x, y, xt, options);
            Assert.Equal(expectedAlpha, alpha);
            double diff = MaxAbsDifference(expected, actual);
            Assert.True(diff < 1e-10, $"max difference {diff}");
        }
    }

    [Theory]
    [InlineData(RegressionKind.Pls, false)]
    [InlineData(RegressionKind.Pls, true)]   // a constant neuron: the splits fall back to the per-split fit
    [InlineData(RegressionKind.Ridge, false)]
    public void CrossValidatedScores_EqualThePerSplitBaseline(RegressionKind kind, bool deadTarget)
    {
        using var scope = NewDisposeScope();
        var x = Random(80, 150, 70).to(ScalarType.Float32);
        var yTensor = Targets(x.to(ScalarType.Float64), 8, 71, deadTarget);
        var values = yTensor.contiguous().data<double>().ToArray();
        var responses = new double[80, 8];
        Buffer.BlockCopy(values, 0, responses, 0, values.Length * sizeof(double));
        var options = new PredictivityOptions { Regression = kind, Pls = new PlsOptions { Components = 10 } };
        var actual = DeviceRegression.Evaluate(x, responses, options);

        // The baseline: each split fitted on its own by the unbatched implementation.
        var xd = x.to(ScalarType.Float64);
        var splits = CrossValidation.Create(80, options);
        Assert.Equal(splits.Count, actual.PerSplit.Count);
        for (int s = 0; s < splits.Count; s++)
        {
            var train = tensor(splits[s].Train.Select(i => (long)i).ToArray());
            var test = tensor(splits[s].Test.Select(i => (long)i).ToArray());
            var predicted = kind == RegressionKind.Pls
                ? DeviceRegressionBaseline.PlsFitPredict(xd.index_select(0, train), yTensor.index_select(0, train), xd.index_select(0, test), options.Pls)
                : DeviceRegressionBaseline.RidgeFitPredict(xd.index_select(0, train), yTensor.index_select(0, train), xd.index_select(0, test), options.Ridge).Predictions;
            var yTest = yTensor.index_select(0, test);
            var pc = predicted - predicted.mean([0]);
            var yc = yTest - yTest.mean([0]);
            var r = ((pc * yc).sum([0]) / (pc.pow(2).sum([0]) * yc.pow(2).sum([0])).sqrt()).data<double>().ToArray();
            double median = BioVision.Rsa.Predictivity.NeuronStatistics.NanMedian(r);
            Assert.Equal(median, actual.PerSplit[s], 1e-10);
        }
    }
}
