using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Tests.Inference;

/// <summary>Laws of the across-model correlation with its cluster bootstrap and partial correlation.</summary>
public class CrossModelCorrelationTests
{
    private static List<ModelObservation> Linear(int models, int seeds, double slope, double noise, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<ModelObservation>();
        for (int m = 0; m < models; m++)
        {
            for (int s = 0; s < seeds; s++)
            {
                double x = m + (noise * (rng.NextDouble() - 0.5));
                rows.Add(new ModelObservation($"model{m:D2}", s, x, (slope * m) + (noise * (rng.NextDouble() - 0.5)), rng.NextDouble()));
            }
        }

        return rows;
    }

    [Fact]
    public void ExactLinearRelationGivesOneWithDegenerateInterval()
    {
        var rows = Linear(8, 1, 2.0, 0, 1);
        var e = CrossModelCorrelation.Estimate(rows, samples: 500, seed: 3);
        Assert.Equal(1, e.Pearson, 12);
        Assert.Equal(1, e.Spearman, 12);
        Assert.Equal(1, e.PearsonLow, 12);
        Assert.Equal(1, e.SpearmanHigh, 12);
        Assert.Equal(8, e.Models);
        Assert.True(e.PearsonP < 0.01, $"p = {e.PearsonP}");
    }

    [Fact]
    public void PointEstimatesUseModelMeansSoSeedCountDoesNotWeigh()
    {
        var one = Linear(6, 1, -1.0, 0.3, 5);
        // Same per-model means, but model00 gets three identical seeds: the point estimates must not change.
        var more = one.Concat([one[0] with { Seed = 7 }, one[0] with { Seed = 8 }]).ToList();
        var a = CrossModelCorrelation.Estimate(one, samples: 50);
        var b = CrossModelCorrelation.Estimate(more, samples: 50);
        Assert.Equal(a.Pearson, b.Pearson, 12);
        Assert.Equal(a.Spearman, b.Spearman, 12);
        Assert.Equal(8, b.Observations);
    }

    [Fact]
    public void PartialCorrelationEqualsCorrelationOfRegressionResiduals()
    {
        var rng = new Random(11);
        var rows = Enumerable.Range(0, 20).Select(i =>
        {
            double z = rng.NextDouble();
            return new ModelObservation($"m{i:D2}", 0, z + (0.3 * rng.NextDouble()), (2 * z) + (0.5 * rng.NextDouble()), z);
        }).ToList();
        var e = CrossModelCorrelation.Estimate(rows, samples: 10);
        double[] x = [.. rows.Select(r => r.X)], y = [.. rows.Select(r => r.Y)], z = [.. rows.Select(r => r.Covariate)];
        double expected = VectorComparisons.Pearson(Residuals(x, z), Residuals(y, z));
        Assert.Equal(expected, e.PartialPearson, 10);
        // x and y are both driven by z: the plain correlation is strong, the partial one much weaker.
        Assert.True(e.Pearson > 0.8 && Math.Abs(e.PartialPearson) < e.Pearson, e.ToString());
    }

    [Fact]
    public void ConstantMeasureGivesNaNNotZero()
    {
        var rows = Enumerable.Range(0, 5).Select(i => new ModelObservation($"m{i}", 0, i, 0.5, i * i)).ToList();
        var e = CrossModelCorrelation.Estimate(rows, samples: 20);
        Assert.True(double.IsNaN(e.Pearson) && double.IsNaN(e.Spearman) && double.IsNaN(e.PearsonP));
        Assert.Equal(0, e.ValidDraws);
    }

    [Fact]
    public void ReproduciblePerSeedAndInvariantToRowOrder()
    {
        var rows = Linear(7, 3, 0.5, 4, 2);
        var shuffled = rows.OrderBy(_ => Guid.NewGuid()).ToList();
        var a = CrossModelCorrelation.Estimate(rows, samples: 300, seed: 9);
        var b = CrossModelCorrelation.Estimate(shuffled, samples: 300, seed: 9);
        Assert.Equal(a, b);
        var c = CrossModelCorrelation.Estimate(rows, samples: 300, seed: 10);
        Assert.NotEqual(a.PearsonLow, c.PearsonLow);
    }

    [Fact]
    public void IntervalContainsPointEstimateAndWidensWithSeedNoise()
    {
        var quiet = CrossModelCorrelation.Estimate(Linear(10, 3, 1, 0.5, 4), samples: 1000, seed: 1);
        var noisy = CrossModelCorrelation.Estimate(Linear(10, 3, 1, 8, 4), samples: 1000, seed: 1);
        Assert.InRange(quiet.Pearson, quiet.PearsonLow, quiet.PearsonHigh);
        Assert.InRange(noisy.Spearman, noisy.SpearmanLow, noisy.SpearmanHigh);
        Assert.True(noisy.PearsonHigh - noisy.PearsonLow > quiet.PearsonHigh - quiet.PearsonLow);
    }

    [Fact]
    public void BadInputIsRejectedWithTheReason()
    {
        var rows = new List<ModelObservation> { new("a", 0, double.NaN, 1, 1) };
        var ex = Assert.Throws<ArgumentException>(() => CrossModelCorrelation.Estimate(rows));
        Assert.Contains("non-finite", ex.Message);
        Assert.Throws<ArgumentException>(() => CrossModelCorrelation.Estimate([]));
        Assert.Throws<ArgumentException>(() => CrossModelCorrelation.Estimate(Linear(4, 1, 1, 0, 0), confidence: 1));
    }

    private static double[] Residuals(double[] v, double[] z)
    {
        double mz = z.Average(), mv = v.Average();
        double b = z.Zip(v, (a, c) => (a - mz) * (c - mv)).Sum() / z.Sum(a => (a - mz) * (a - mz));
        return [.. v.Select((c, i) => c - mv - (b * (z[i] - mz)))];
    }
}
