using BioVision.Benchmarks.Neural;
using BioVision.Rsa.Predictivity;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// One rule for a neuron whose responses do not vary, in every neural benchmark: its correlation is undefined (NaN) and
/// it is left out of the median over neurons. Mouse V1 (held-out) used to count it as r = 0 while V4 left it out.
/// </summary>
public class DeadNeuronRuleTests
{
    [Fact]
    public void A_dead_neuron_is_left_out_of_the_held_out_median_as_in_cross_validated_predictivity()
    {
        const int trainN = 60, testN = 40, live = 5;
        var rng = new Random(3);
        double[,] Features(int n) { var f = new double[n, 8]; for (int i = 0; i < n; i++) for (int k = 0; k < 8; k++) f[i, k] = rng.NextDouble(); return f; }
        var (ftrain, ftest) = (Features(trainN), Features(testN));
        double[,] Responses(double[,] f, int n, bool dead)
        {
            var r = new double[n, live + 1];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < live; j++)
                {
                    r[i, j] = f[i, j] + (0.3 * (j + 1) * (rng.NextDouble() - 0.5));
                }

                r[i, live] = dead ? 1.0 : rng.NextDouble(); // the last neuron never responds differently (a dead unit)
            }

            return r;
        }

        var train = Responses(ftrain, trainN, dead: true);
        var test = Responses(ftest, testN, dead: true);
        using var trainActs = Acts(ftrain);
        using var testActs = Acts(ftest);
        var options = new PredictivityOptions { Regression = RegressionKind.Ridge };
        var scores = PredictivityScoring.HeldOut("synthetic", "V1", (trainActs, train), (testActs, test), options);

        // The same fit scored over the live neurons only: the dead one must not change the median.
        var liveTrain = Columns(train, live);
        var liveTest = Columns(test, live);
        var reference = PredictivityScoring.HeldOut("synthetic", "V1", (trainActs, liveTrain), (testActs, liveTest), options);
        Assert.True(double.IsFinite(scores.Layers[0].Score));
        Assert.Equal(reference.Layers[0].Score, scores.Layers[0].Score, 12);

        Assert.True(double.IsNaN(NeuronStatistics.Pearson([1, 2, 3], [2, 2, 2])));
        Assert.Equal(2.5, NeuronStatistics.NanMedian([double.NaN, 4, 1, 2, 3]));
    }

    private static LayerActivations Acts(double[,] f)
    {
        int n = f.GetLength(0), k = f.GetLength(1);
        var flat = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                flat[(i * k) + j] = (float)f[i, j];
            }
        }

        return new LayerActivations(["layer"], new Dictionary<string, Tensor> { ["layer"] = tensor(flat, [n, k]) }, new Dictionary<string, long> { ["layer"] = k }, n, 1);
    }

    private static double[,] Columns(double[,] m, int count)
    {
        var c = new double[m.GetLength(0), count];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < count; j++)
            {
                c[i, j] = m[i, j];
            }
        }

        return c;
    }
}
