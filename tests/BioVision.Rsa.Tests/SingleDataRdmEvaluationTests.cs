using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Tests;

/// <summary>Models evaluated against one data RDM (the monkey IT RDM of the 92 images), as rsatoolbox's eval_bootstrap_pattern allows.</summary>
public class SingleDataRdmEvaluationTests
{
    [Fact]
    public void FixedEvaluationReportsTheSimilaritiesWithNaNUncertainty()
    {
        var models = Inputs92.Models;
        var result = ModelEvaluation.Fixed(models, Inputs92.Monkey, ComparisonMethod.Pearson);
        var direct = RdmComparer.Compare(models, Inputs92.Monkey, ComparisonMethod.Pearson);
        for (int j = 0; j < models.Count; j++)
        {
            Assert.Equal(direct[j, 0], result.Means[j], 14);
            Assert.True(double.IsNaN(result.Sem[j]));
            Assert.True(double.IsNaN(result.PZero[j]));
        }

        Assert.True(double.IsNaN(result.NoiseCeiling.Lower));
        Assert.Equal(0, result.Dof);
        Assert.Contains("monkeyIT", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StimulusBootstrapAgainstOneRdmWorksAndMatchesDrawByDraw()
    {
        var models = Inputs92.Models;
        var monkey = Inputs92.Monkey;
        var result = ModelEvaluation.Bootstrap(models, monkey, ComparisonMethod.Spearman, EvaluationKind.BootstrapPatterns, samples: 60, seed: 11);
        Assert.Equal(60, result.Samples.GetLength(0));
        Assert.True(double.IsNaN(result.NoiseCeiling.Lower)); // no ceiling from one RDM
        Assert.Equal(91, result.Dof);                          // stimuli − 1

        // The model that is the monkey RDM itself scores exactly 1 on every draw: zero spread, far above 0.
        int self = Inputs92.Models.Descriptor("name").ToList().IndexOf("monkeyIT");
        for (int s = 0; s < 60; s++)
        {
            Assert.Equal(1.0, result.Samples[s, self], 12);
        }

        // Other models: a real spread, finite p-values, and each sample equals the direct comparison on its draw.
        int other = (self + 1) % models.Count;
        Assert.True(result.Sem[other] > 0.005, $"SEM {result.Sem[other]}");
        Assert.InRange(result.PZero[other], 0, 1);
        var rng = new Random(11);
        var draw = Enumerable.Range(0, 92).Select(_ => rng.Next(92)).ToArray();
        double expected = RdmComparer.Compare(models.SubsetRdms([other]).SubsamplePatterns(draw), monkey.SubsamplePatterns(draw), ComparisonMethod.Spearman)[0, 0];
        Assert.Equal(expected, result.Samples[0, other], 12);
    }

    [Theory]
    [InlineData(EvaluationKind.BootstrapRdms)]
    [InlineData(EvaluationKind.BootstrapBoth)]
    [InlineData(EvaluationKind.DualBootstrap)]
    public void ResamplingSubjectsOfOneRdmIsRefusedWithUsefulAdvice(EvaluationKind kind)
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelEvaluation.Bootstrap(Inputs92.Models, Inputs92.Monkey, ComparisonMethod.Pearson, kind, samples: 10));
        Assert.Contains("BootstrapPatterns", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("more samples", ex.Message, StringComparison.Ordinal);
    }
}
