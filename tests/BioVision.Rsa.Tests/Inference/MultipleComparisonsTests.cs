using BioVision.Rsa.Inference;
using Xunit;

namespace BioVision.Rsa.Tests.Inference;

public sealed class MultipleComparisonsTests
{
    [Fact]
    public void BenjaminiHochberg_matches_R_p_adjust()
    {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
        var q = MultipleComparisons.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal(new[] { 0.02, 0.04, 0.04, 0.02 }, q.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void NaN_is_not_counted_and_stays_NaN()
    {
        var q = MultipleComparisons.BenjaminiHochberg([0.01, double.NaN, 0.04]);
        Assert.True(double.IsNaN(q[1]));
        // m = 2: 0.01 * 2 / 1 = 0.02, 0.04 * 2 / 2 = 0.04.
        Assert.Equal(0.02, q[0], 12);
        Assert.Equal(0.04, q[2], 12);
    }

    [Fact]
    public void Laws_hold_on_random_p_values()
    {
        var random = new Random(5);
        var p = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * random.NextDouble()).ToArray();
        var q = MultipleComparisons.BenjaminiHochberg(p);
        for (int i = 0; i < p.Length; i++)
        {
            Assert.True(q[i] >= p[i] && q[i] <= 1, $"q {q[i]} for p {p[i]}");
            for (int j = 0; j < p.Length; j++)
            {
                Assert.True(p[i] > p[j] || q[i] <= q[j], "q must preserve the order of p");
            }
        }
    }

    [Fact]
    public void A_value_outside_the_unit_interval_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleComparisons.BenjaminiHochberg([0.5, 1.5]));
        Assert.Contains("1.5", e.Message, StringComparison.Ordinal);
    }
}
