using BioVision.Benchmarks.V1Properties;
using Xunit;

namespace BioVision.Tests.Benchmarks;

public sealed class DistributionSimilarityTests
{
    private const string Reference = "v1-properties/marques2020_offline.json";

    [Fact]
    public void EmbeddedDistributionsMatchTheReferenceFile()
    {
        var json = ReferenceData.Load(Reference).GetProperty("distributions");
        Assert.Equal(7, json.EnumerateObject().Count());
        foreach (var d in MarquesDistributions.All)
        {
            var r = json.GetProperty(d.Name);
            Assert.Equal(r.GetProperty("bins").Doubles(), d.Bins);
            Assert.Equal(r.GetProperty("hist").Ints(), d.Histogram);
            Assert.Equal(r.GetProperty("ceiling").GetDouble(), d.ReferenceCeiling);
            Assert.Equal(r.GetProperty("alexnet").GetDouble(), d.ReferenceAlexNet);

            // The file's n counts neurons with a value; the bootstrap draws the assembly's neurons (some without a value).
            Assert.Equal(r.GetProperty("n").GetInt32(), d.ValueCount);
            Assert.True(d.SampleSize >= d.ValueCount);
        }
    }

    [Fact]
    public void CeilingsMatchTheReference()
    {
        // Reference: brain-score/vision benchmarks/marques2020/test.py::test_ceilings, stated to +-0.005.
        foreach (var d in MarquesDistributions.All)
        {
            double ceiling = DistributionSimilarity.Ceiling(d, seed: 0);
            Assert.True(Math.Abs(ceiling - d.ReferenceCeiling) <= 0.005, $"{d.Name}: ceiling {ceiling:0.0000}, reference {d.ReferenceCeiling}");
        }
    }

    [Fact]
    public void KsSimilarityIsOneForIdenticalAndZeroForThePointMassFarthestAway()
    {
        double[] data = [0.1, 0.2, 0.3, 0.4];
        Assert.Equal(1, DistributionSimilarity.KsSimilarity(data, data), 12);

        // The data's CDF is farther from a point mass in the last bin (0.6) than in the first (0.9)? KS_max is the larger.
        double toFirst = DistributionSimilarity.KsSimilarity([1, 0, 0, 0], data);
        double toLast = DistributionSimilarity.KsSimilarity([0, 0, 0, 1], data);
        Assert.Equal(0, Math.Min(toFirst, toLast), 12);
        Assert.True(Math.Max(toFirst, toLast) > 0);
        Assert.Throws<ArgumentException>(() => DistributionSimilarity.KsSimilarity([1, 0], data));
    }

    [Fact]
    public void HistogramClipsToTheOuterBinsSkipsNaNAndClosesTheLastBin()
    {
        var counts = DistributionSimilarity.Histogram([-5, 0, 0.5, 1, 1.5, 2, 9, double.NaN], [0, 1, 2]);
        Assert.Equal([3, 4], counts);
    }

    [Fact]
    public void BootstrapIsReproduciblePerSeedAndInvariantToOrder()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 180 - 22.5).ToArray();
        var data = MarquesDistributions.PreferredOrientation;
        var a = DistributionSimilarity.Bootstrap(values, data, seed: 11);
        var b = DistributionSimilarity.Bootstrap(values, data, seed: 11);
        var shuffled = values.ToArray();
        random.Shuffle(shuffled);
        var c = DistributionSimilarity.Bootstrap(shuffled, data, seed: 11);
        var d = DistributionSimilarity.Bootstrap(values, data, seed: 12);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.NotEqual(a.Mean, d.Mean);
        Assert.Equal(a.Mean, d.Mean, 1);
    }

    [Fact]
    public void ValuesDrawnFromTheDataScoreAtTheCeilingAndAPointMassScoresLow()
    {
        var data = MarquesDistributions.PeakSpatialFrequency;
        var drawn = data.Values();
        var scores = V1PropertiesBenchmark.Score(new Dictionary<string, double[]> { [data.Name] = drawn, [V1PropertyNames.PreferredOrientation] = Enumerable.Repeat(90.0, 50).ToArray() }, seed: 0);
        var sf = scores.Single(s => s.Property == data.Name);
        Assert.InRange(sf.Ceiled, 0.97, 1.03);
        Assert.True(scores.Single(s => s.Property == V1PropertyNames.PreferredOrientation).Ceiled < 0.4);

        // Properties without values score 0.
        Assert.Equal(0, scores.Single(s => s.Property == V1PropertyNames.SurroundDiameter).Raw);
    }

    [Fact]
    public void AllMissingValuesScoreZero()
    {
        var (mean, _) = DistributionSimilarity.Bootstrap([double.NaN, double.NaN], MarquesDistributions.GratingSummationField, seed: 0);
        Assert.Equal(0, mean);
    }
}
