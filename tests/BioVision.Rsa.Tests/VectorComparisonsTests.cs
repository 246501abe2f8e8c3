using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa.Tests;

/// <summary>Laws and edge cases of the comparison functions (no reference file needed: each expectation is a law).</summary>
public class VectorComparisonsTests
{
    private static double[] RandomVector(int seed, int n, int distinct = 0)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => distinct > 0 ? rng.Next(distinct) : rng.NextDouble()).ToArray();
    }

    /// <summary>Squared Euclidean distances of 10 random points in 12 dimensions (a Euclidean-embeddable RDM whose centred second moment has full rank 9, so Bures square roots are well conditioned).</summary>
    private static double[] EuclideanRdm(int seed)
    {
        var rng = new Random(seed);
        var pts = Enumerable.Range(0, 120).Select(_ => rng.NextDouble()).ToArray();
        return RdmMethods.RdmCalculator.Euclidean(pts, 10, 12);
    }

    public static TheoryData<ComparisonMethod> AllMethods => [.. Enum.GetValues<ComparisonMethod>().Where(m => m != ComparisonMethod.BuresMetric)];

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void SelfSimilarityIsOneAndComparisonIsSymmetric(ComparisonMethod method)
    {
        var a = EuclideanRdm(1);
        var b = EuclideanRdm(2);
        Assert.Equal(1, RdmComparer.Compare(a, a, method), 10);
        Assert.Equal(RdmComparer.Compare(a, b, method), RdmComparer.Compare(b, a, method), 10);
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void SimilaritiesLieInMinusOneToOne(ComparisonMethod method)
    {
        for (int seed = 0; seed < 20; seed++)
        {
            double s = RdmComparer.Compare(RandomVector(seed, 45, seed % 2 == 0 ? 4 : 0), RandomVector(seed + 100, 45), method);
            Assert.InRange(s, -1 - 1e-12, 1 + 1e-12);
        }
    }

    [Fact]
    public void BuresMetricOfIdenticalRdmsIsZero() =>
        Assert.Equal(0, RdmComparer.Compare(EuclideanRdm(3), EuclideanRdm(3), ComparisonMethod.BuresMetric), 10);

    [Fact]
    public void KendallTauAEqualsQuadraticDefinitionWithTies()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            var x = RandomVector(seed, 60, 5);
            var y = RandomVector(seed + 1000, 60, 7);
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                for (int j = i + 1; j < x.Length; j++)
                {
                    s += Math.Sign(x[i] - x[j]) * Math.Sign(y[i] - y[j]);
                }
            }

            double n0 = x.Length * (x.Length - 1) / 2.0;
            Assert.Equal(s / n0, VectorComparisons.KendallTauA(x, y), 12);

            double tx = Ties(x), ty = Ties(y);
            Assert.Equal(s / Math.Sqrt((n0 - tx) * (n0 - ty)), VectorComparisons.KendallTauB(x, y), 12);
        }
    }

    private static double Ties(double[] v) => v.GroupBy(z => z).Sum(g => g.Count() * (g.Count() - 1) / 2.0);

    [Fact]
    public void SpearmanEqualsRhoAWithoutTies()
    {
        var x = RandomVector(5, 80);
        var y = RandomVector(6, 80);
        Assert.Equal(VectorComparisons.Spearman(x, y), VectorComparisons.RhoA(x, y), 12);
    }

    [Fact]
    public void RanksAreAveragedOverTies() =>
        Assert.Equal([2.5, 1, 2.5, 4], Ranking.AverageRanks([3.0, 1, 3, 7]));

    [Fact]
    public void RanksKeepNaN()
    {
        var r = Ranking.AverageRanks([2.0, double.NaN, 1]);
        Assert.Equal(2, r[0]);
        Assert.True(double.IsNaN(r[1]));
        Assert.Equal(1, r[2]);
    }

    [Fact]
    public void ConstantInputEdgeCases()
    {
        double[] c = [1, 1, 1, 1];
        double[] v = [1, 2, 3, 4];
        Assert.Equal(0, VectorComparisons.Pearson(c, v));
        Assert.Equal(0, VectorComparisons.Spearman(c, v));
        Assert.Equal(0, VectorComparisons.KendallTauA(c, v));
        Assert.Equal(0, VectorComparisons.KendallTauB(c, v));
        Assert.Equal(0, VectorComparisons.Cosine(new double[4], v));
    }

    [Fact]
    public void NaNAndLengthMismatchAreRejected()
    {
        Assert.Throws<ArgumentException>(() => VectorComparisons.Pearson([1.0, double.NaN, 2], [1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => VectorComparisons.Cosine([1.0, 2], [1.0, 2, 3]));
        Assert.Throws<ArgumentException>(() => VectorComparisons.KendallTauA([1.0], [1.0]));
    }

    [Fact]
    public void ComparerDropsSharedNaNsAndRejectsMismatchedOnes()
    {
        double[] a = [1, double.NaN, 3, 4, 5, 7];
        double[] b = [2, double.NaN, 1, 4, 6, 5];
        Assert.Equal(VectorComparisons.Pearson([1.0, 3, 4, 5, 7], [2.0, 1, 4, 6, 5]), RdmComparer.Compare(a, b, ComparisonMethod.Pearson), 14);
        double[] c = [2, 1, double.NaN, 4, 6, 5];
        var ex = Assert.Throws<ArgumentException>(() => RdmComparer.Compare(a, c, ComparisonMethod.Pearson));
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMethodNameIsRejected() =>
        Assert.Throws<ArgumentException>(() => RdmComparer.ParseRsatoolboxName("euclid"));
}

/// <summary>The shared-sort Kendall path used for collections equals the pairwise functions (law: same counts).</summary>
public class KendallCollectionTests
{
    [Fact]
    public void CollectionKendallEqualsPairwise()
    {
        var rng = new Random(11);
        var a = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 45).Select(_ => (double)rng.Next(i % 2 == 0 ? 6 : 1000)).ToArray()).ToArray();
        var b = Enumerable.Range(0, 2).Select(i => Enumerable.Range(0, 45).Select(_ => (double)rng.Next(i == 0 ? 3 : 1000)).ToArray()).ToArray();
        foreach (var (x, y) in new[] { (a, b), (b, a) })
        {
            var tauA = RdmComparer.Compare(Rdms.FromVectors(x), Rdms.FromVectors(y), ComparisonMethod.KendallTauA);
            var tauB = RdmComparer.Compare(Rdms.FromVectors(x), Rdms.FromVectors(y), ComparisonMethod.KendallTauB);
            for (int i = 0; i < x.Length; i++)
            {
                for (int j = 0; j < y.Length; j++)
                {
                    Assert.Equal(VectorComparisons.KendallTauA(x[i], y[j]), tauA[i, j], 14);
                    Assert.Equal(VectorComparisons.KendallTauB(x[i], y[j]), tauB[i, j], 14);
                }
            }
        }
    }
}

/// <summary>Counting-sort ranks equal comparison-sort ranks (law).</summary>
public class CountingRankTests
{
    [Fact]
    public void CountingSortRanksEqualAverageRanks()
    {
        var rng = new Random(2);
        var keys = Enumerable.Range(0, 500).Select(_ => rng.Next(60)).ToArray();
        Assert.Equal(Ranking.AverageRanks(keys.Select(k => (double)k).ToArray()), Ranking.AverageRanksOfKeys(keys, 59));
    }
}
