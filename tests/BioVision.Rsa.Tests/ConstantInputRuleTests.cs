using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Tests;

/// <summary>
/// One documented rule: input without variation (constant for the centring methods, zero for the cosine-type ones) has
/// similarity exactly 0 under every method; the Bures metric, a distance, stays finite.
/// </summary>
public class ConstantInputRuleTests
{
    private static readonly Rdms Varied = Rdms.FromVectors([Enumerable.Range(0, 15).Select(k => Math.Sin(k * 1.3) + 2).ToArray()]);

    public static TheoryData<ComparisonMethod> Methods => [.. Enum.GetValues<ComparisonMethod>()];

    [Theory]
    [MemberData(nameof(Methods))]
    public void ConstantAndZeroRdmsScoreZero(ComparisonMethod method)
    {
        foreach (double level in new[] { 0.0, 0.7 })
        {
            var flat = Rdms.FromVectors([Enumerable.Repeat(level, 15).ToArray()]);
            foreach (var (a, b) in new[] { (flat, Varied), (Varied, flat) })
            {
                double s = RdmComparer.Compare(a, b, method)[0, 0];
                if (method == ComparisonMethod.BuresMetric)
                {
                    Assert.True(double.IsFinite(s), $"{method} gave {s}");
                }
                else if (level > 0 && method is ComparisonMethod.Cosine or ComparisonMethod.CosineCov or ComparisonMethod.Bures)
                {
                    // Cosine-type methods do not centre: a constant non-zero RDM (the regular simplex) is a pattern to them.
                    Assert.InRange(s, 0, 1);
                }
                else
                {
                    Assert.Equal(0.0, s);
                }
            }
        }
    }

    [Fact]
    public void EvaluationOfAConstantModelIsZeroNotNaN()
    {
        var flat = Rdms.FromVectors([Enumerable.Repeat(1.0, Inputs92.Subjects.Pairs).ToArray()]);
        foreach (var method in new[] { ComparisonMethod.Pearson, ComparisonMethod.Spearman, ComparisonMethod.KendallTauA, ComparisonMethod.KendallTauB })
        {
            var result = ModelEvaluation.Fixed(flat, Inputs92.Subjects, method);
            Assert.Equal(0.0, result.Means[0]);
        }
    }
}
