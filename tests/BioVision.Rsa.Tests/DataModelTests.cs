using BioVision.Rsa.RdmMethods;

namespace BioVision.Rsa.Tests;

/// <summary>Dataset and Rdms invariants: immutability, subsetting, pooling, bad input.</summary>
public class DataModelTests
{
    private static Rdms Sample()
    {
        var v = Enumerable.Range(0, 3 * 10).Select(i => (double)((i * 7) % 11)).ToArray();
        return new Rdms(v, 3, "test", new Dictionary<string, IReadOnlyList<string>> { ["subject"] = ["a", "b", "a"] });
    }

    [Fact]
    public void SquareViewIsSymmetricWithZeroDiagonalAndRoundTrips()
    {
        var r = Sample();
        var sq = r.ToSquare(1);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, sq[i, i]);
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(sq[i, j], sq[j, i]);
            }
        }

        Assert.Equal(r.Vector(1).ToArray(), Rdms.FromSquare(sq).Vector(0).ToArray());
        Assert.Equal(r.Vector(1)[CondensedIndex.Of(2, 4, 5)], sq[4, 2]);
    }

    [Fact]
    public void ConstructorCopiesItsInput()
    {
        var v = new double[10];
        var r = new Rdms(v, 1);
        v[0] = 42;
        Assert.Equal(0, r.Vector(0)[0]);
    }

    [Fact]
    public void SubsetByDescriptorAndIndices()
    {
        var r = Sample();
        var a = r.SubsetRdms("subject", ["a"]);
        Assert.Equal(2, a.Count);
        Assert.Equal(r.Vector(2).ToArray(), a.Vector(1).ToArray());
        var rep = r.SubsetRdms([2, 2, 0]);
        Assert.Equal(["a", "a", "a"], rep.Descriptor("subject"));
    }

    [Fact]
    public void SubsetConditionsReordersAndMarksRepeatsMissing()
    {
        var r = Sample();
        var s = r.SubsetConditions([3, 1]);
        Assert.Equal(r.ToSquare(0)[3, 1], s.Vector(0)[0]);
        var boot = r.SubsamplePatterns([4, 1, 1]);
        Assert.Equal(3, boot.Conditions);
        Assert.True(double.IsNaN(boot.Vector(0)[0])); // (1,1) copies
        Assert.Equal(r.ToSquare(0)[1, 4], boot.Vector(0)[1]);
    }

    [Fact]
    public void MeanIgnoresNaN()
    {
        var r = Rdms.FromVectors([[1.0, double.NaN, 3], [3.0, 5, double.NaN]]);
        var m = r.Mean().Vector(0);
        Assert.Equal(2, m[0]);
        Assert.Equal(5, m[1]);
        Assert.Equal(3, m[2]);
    }

    [Fact]
    public void BadInputIsRejectedWithClearMessages()
    {
        Assert.Throws<ArgumentException>(() => new Rdms(new double[7], 1));
        Assert.Throws<ArgumentException>(() => Rdms.FromSquare(new double[,] { { 0, 1 }, { 2, 0 } }));
        Assert.Throws<ArgumentException>(() => new Dataset([1.0, double.NaN], 1, 2));
        Assert.Throws<ArgumentException>(() => new Dataset([1.0, 2, 3], 2, 2));
        Assert.Throws<ArgumentException>(() => new Dataset([1.0, 2, 3, 4], 2, 2, conditions: [0]));
        var constant = new Dataset([1.0, 1, 1, 2, 3, 4], 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => RdmCalculator.Calculate(constant, new RdmOptions { Method = RdmMethod.Correlation }));
        Assert.Contains("constant", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RdmCalculator.Calculate(constant, new RdmOptions { Method = RdmMethod.Mahalanobis, Precision = new double[2, 2] }));
        Assert.Throws<ArgumentException>(() => RdmCalculator.Calculate(constant, new RdmOptions { Method = RdmMethod.Crossnobis }));
    }

    [Fact]
    public void ConditionMeansFollowAscendingLabels()
    {
        var d = new Dataset([1.0, 2, 10, 20, 3, 4], 3, 2, conditions: [5, 2, 5]);
        Assert.Equal([2, 5], d.ConditionValues);
        Assert.Equal([10.0, 20, 2, 3], d.ConditionMeans());
    }

    [Fact]
    public void EuclideanRdmIsNonNegativeAndCrossnobisIsUnbiasedForIdenticalPatterns()
    {
        // Law: with identical true patterns, crossnobis equals the mean over folds of (noise_i − noise_j)ᵀ(mean of other folds' noise): expected 0.
        var rng = new Random(7);
        int conds = 6, channels = 50, runs = 8;
        var data = new double[conds * runs * channels];
        for (int k = 0; k < data.Length; k++)
        {
            data[k] = 1 + ((rng.NextDouble() - 0.5) * 0.1);
        }

        var ds = new Dataset(data, conds * runs, channels, Enumerable.Range(0, conds * runs).Select(i => i % conds).ToArray(), Enumerable.Range(0, conds * runs).Select(i => i / conds).ToArray());
        var e = RdmCalculator.Calculate(ds);
        Assert.All(e.Vectors.ToArray(), v => Assert.True(v >= 0));
        var cn = RdmCalculator.Calculate(ds, new RdmOptions { Method = RdmMethod.Crossnobis });
        Assert.True(Math.Abs(cn.Vectors.ToArray().Average()) < e.Vectors.ToArray().Average() / 5);
    }
}
