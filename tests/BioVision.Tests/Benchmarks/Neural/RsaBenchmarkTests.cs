using BioVision.Benchmarks.Neural;
using BioVision.Rsa;
using BioVision.Rsa.Comparisons;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>
/// Laws of the RSA benchmark on the real monkey IT RDM (Kiani et al. 2007 via Kriegeskorte et al. 2008): a model
/// whose layer holds patterns with exactly that RDM scores at the ceiling; the same patterns shown in shuffled
/// stimulus order score about zero.
/// </summary>
public class RsaBenchmarkTests
{
    /// <summary>
    /// Patterns whose correlation-distance RDM is <paramref name="rdm"/>: G = 1 − D is a correlation matrix
    /// (positive semi-definite for a real 1 − r RDM), factored as Z Zᵀ; the rows [Z, −Z] have zero mean and pairwise
    /// correlations G, so their RDM is D (negative eigenvalues from rounding are clipped).
    /// </summary>
    internal static double[,] PatternsOf(Rdms rdm)
    {
        var square = rdm.ToSquare(0);
        int n = square.GetLength(0);
        var g = Matrix<double>.Build.Dense(n, n, (i, j) => 1 - square[i, j]);
        var evd = g.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var patterns = new double[n, 2 * n];
        for (int k = 0; k < n; k++)
        {
            double s = Math.Sqrt(Math.Max(0, evd.EigenValues[k].Real));
            for (int i = 0; i < n; i++)
            {
                patterns[i, k] = evd.EigenVectors[i, k] * s;
                patterns[i, n + k] = -evd.EigenVectors[i, k] * s;
            }
        }

        return patterns;
    }

    private static DatasetScores ScoreModel(double[,] patterns, RdmDataSet data, int batchSize)
    {
        using var model = new PatternModel(patterns);
        using var acts = ActivationExtractor.Extract(model, PatternModel.Stimuli(patterns.GetLength(0)),
            new ExtractionOptions { Layers = ["it"], BatchSize = batchSize, MaxFeatures = null });
        return RsaScoring.Score(acts.Rdms(), data, new RsaOptions { BootstrapSamples = 100 });
    }

    [Fact]
    public void ALayerHoldingTheMonkeyItPatterns_ScoresAtTheCeiling()
    {
        var monkey = NeuralData.MonkeyIt92();
        Assert.Equal(92, monkey.Data.Conditions);
        var scores = ScoreModel(PatternsOf(monkey.Data), monkey, batchSize: 20);
        var it = scores.For("it");
        // Tolerance 1e-3: the patterns reproduce the RDM to float32 rounding (ranks may swap among near-equal entries).
        Assert.Equal(1.0, it.Score, 1e-3);
        Assert.Equal(1.0, scores.Ceiling);
        var region = LayerSelection.Assign("IT (monkey)", scores with { Dataset = "selection" }, scores);
        Assert.Equal(1.0, region.CeiledScore!.Value, 1e-3);
        Assert.True(it.Lower > 0.99, $"bootstrap lower bound {it.Lower}");
    }

    [Fact]
    public void ShuffledStimulusOrder_ScoresAboutZero()
    {
        var monkey = NeuralData.MonkeyIt92();
        var patterns = PatternsOf(monkey.Data);
        int n = patterns.GetLength(0), f = patterns.GetLength(1);
        var order = Enumerable.Range(0, n).ToArray();
        new Random(7).Shuffle(order);
        var shuffled = new double[n, f];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < f; j++)
            {
                shuffled[i, j] = patterns[order[i], j];
            }
        }

        var it = ScoreModel(shuffled, monkey, batchSize: 32).For("it");
        // Null distribution of Spearman r over stimulus permutations of this RDM: sd ≈ 0.03; 0.1 is > 3 sd.
        Assert.InRange(it.Score, -0.1, 0.1);
        Assert.True(it.Lower < 0.05 && it.Upper > -0.05, $"interval [{it.Lower}, {it.Upper}] should reach about zero");
    }

    [Fact]
    public void HumanIt_NoiseCeilingIsLeaveOneSubjectOut_AndAMeanRdmModelReachesIt()
    {
        var human = NeuralData.HumanIt92();
        Assert.Equal(8, human.Data.Count);
        Assert.Equal(4, human.Subjects);
        // The mean human RDM as a model includes every held-out subject, so it scores at least the lower
        // (leave-one-subject-out) bound of the noise ceiling.
        var mean = human.Data.Mean().WithDescriptor("name", ["mean"]);
        var scores = RsaScoring.Score(mean, human, new RsaOptions { BootstrapSamples = 20 });
        Assert.True(scores.Ceiling < scores.CeilingUpper);
        Assert.True(scores.For("mean").Score >= scores.Ceiling!.Value, $"{scores.For("mean").Score} < lower ceiling {scores.Ceiling}");
    }

    [Fact]
    public void Algonauts_Loads15SubjectsPerRegion_AndScoresAreAPercentOfTheCeiling()
    {
        var it = NeuralData.Algonauts("IT");
        var evc = NeuralData.Algonauts("EVC");
        Assert.Equal(15, it.Subjects);
        Assert.Equal(15, evc.Data.Count);
        Assert.Equal(92 * 91 / 2, it.Data.Pairs);
        // A model equal to subject 1's RDM: its squared Spearman with subject 1 is 1, so the score is at least
        // 100 / 15 / 0.3075 percent.
        var model = it.Data.SubsetRdms([0]).WithDescriptor("name", ["s01"]);
        var score = RsaScoring.AlgonautsScore(model, it, NeuralData.AlgonautsNoiseCeiling("IT"))[0];
        double r1 = RdmComparer.Compare(model, it.Data, ComparisonMethod.Spearman)[0, 0];
        Assert.Equal(1.0, r1, 1e-12);
        Assert.True(score.Score > 100.0 / 15 / 0.3075, $"Algonauts score {score.Score}");
        Assert.Throws<ArgumentException>(() => NeuralData.Algonauts("V4"));
    }
}
