using System.Text.Json;
using BioVision.Experiments;
using Xunit;

namespace BioVision.Tests.Experiments;

public class StudyAnalysisTests
{
    // A synthetic study: robustness rises with the V1 score, VOne beats the baseline, noise carries the gain, and
    // adversarial + rotation training raises V4; "noise" is a brain score unrelated to robustness. The V1 score orders
    // the variants exactly as white-box robustness does.
    private static List<ModelMeasures> Synthetic()
    {
        var rng = new Random(3);
        var v1 = new Dictionary<string, double> { ["baseline"] = 0.2, ["vone"] = 0.8, ["vone-nonoise"] = 0.3, ["adv"] = 0.4, ["rot"] = 0.25, ["adv-rot"] = 0.45 };
        var wb = new Dictionary<string, double> { ["baseline"] = 0.05, ["vone"] = 0.5, ["vone-nonoise"] = 0.1, ["adv"] = 0.3, ["rot"] = 0.06, ["adv-rot"] = 0.35 };
        var v4 = new Dictionary<string, double> { ["baseline"] = 0.3, ["vone"] = 0.32, ["vone-nonoise"] = 0.31, ["adv"] = 0.4, ["rot"] = 0.35, ["adv-rot"] = 0.5 };
        var rows = new List<ModelMeasures>();
        foreach (var name in v1.Keys)
        {
            for (int seed = 0; seed < 3; seed++)
            {
                double e() => 0.01 * (rng.NextDouble() - 0.5);
                rows.Add(new ModelMeasures(name, seed, 0.9 + e(),
                    new Dictionary<string, double> { ["whitebox"] = wb[name] + e(), ["corruption"] = 0.6 + e() },
                    new Dictionary<string, double> { ["v1"] = v1[name] + e(), ["v4.pls"] = v4[name] + e(), ["noise"] = rng.NextDouble() }));
            }
        }

        return rows;
    }

    [Fact]
    public void Every_brain_score_is_correlated_with_every_robustness_measure()
    {
        var a = StudyAnalysis.Analyze(Synthetic(), new StudyAnalysisOptions { Samples = 300 });
        Assert.Equal(3 * 2, a.Correlations.Count);
        var main = a.Correlations.Single(c => c.BrainScore == "v1" && c.Robustness == "whitebox").Correlation;
        Assert.True(main.Spearman > 0.8 && main.SpearmanLow > 0, main.ToString());
        Assert.Equal(6, main.Models);
        Assert.Equal(18, main.Observations);
    }

    [Fact]
    public void Verdicts_follow_the_intervals()
    {
        var a = StudyAnalysis.Analyze(Synthetic(), new StudyAnalysisOptions { Samples = 500 });
        Assert.Equal(5, a.Verdicts.Count);
        Assert.Equal(Verdict.Holds, a.Verdicts[0].Verdict);   // V1 score vs white-box
        Assert.Equal(Verdict.Holds, a.Verdicts[1].Verdict);   // VOne > baseline
        Assert.Equal(Verdict.Holds, a.Verdicts[2].Verdict);   // noise carries the gain
        Assert.Equal(Verdict.Holds, a.Verdicts[3].Verdict);   // adv-rot raises V4
        Assert.All(a.Verdicts, v => Assert.False(string.IsNullOrWhiteSpace(v.Evidence)));

        // Reverse the white-box effect: the V1 claim no longer holds.
        var reversed = Synthetic().Select(m => m with { Robustness = new Dictionary<string, double> { ["whitebox"] = 1 - m.Robustness["whitebox"], ["corruption"] = m.Robustness["corruption"] } }).ToList();
        var r = StudyAnalysis.Analyze(reversed, new StudyAnalysisOptions { Samples = 500 });
        Assert.Equal(Verdict.DoesNotHold, r.Verdicts[0].Verdict);
        Assert.Equal(Verdict.DoesNotHold, r.Verdicts[1].Verdict);
    }

    [Fact]
    public void Missing_measures_give_not_tested_verdicts()
    {
        var rows = Synthetic().Select(m => m with { BrainSimilarity = new Dictionary<string, double> { ["v1"] = m.BrainSimilarity["v1"] } }).ToList();
        var a = StudyAnalysis.Analyze(rows, new StudyAnalysisOptions { Samples = 100 });
        Assert.Equal(Verdict.NotTested, a.Verdicts[3].Verdict);
        Assert.Equal(Verdict.NotTested, a.Verdicts[4].Verdict);
        Assert.Contains("v4", a.Verdicts[3].Evidence);
    }

    [Fact]
    public void Contrast_interval_covers_the_difference_and_is_seeded()
    {
        var rows = Synthetic();
        var o = new StudyAnalysisOptions { Samples = 400, Seed = 2 };
        var c = StudyAnalysis.Contrast(rows, "vone", "baseline", "whitebox", o)!;
        Assert.InRange(c.Difference, c.Low, c.High);
        Assert.InRange(c.Difference, 0.44, 0.46);
        Assert.Equal(c, StudyAnalysis.Contrast(rows, "vone", "baseline", "whitebox", o));
        Assert.Null(StudyAnalysis.Contrast(rows, "vone", "baseline", "absent", o));
        Assert.Equal(0, StudyAnalysis.Contrast(rows, "vone", "vone", "clean", o)!.Difference, 12);
    }

    [Fact]
    public void Analysis_round_trips_through_json_with_nan()
    {
        var rows = Synthetic();
        rows[0] = rows[0] with { BrainSimilarity = new Dictionary<string, double>(rows[0].BrainSimilarity) { ["noise"] = 0.5 } };
        var a = StudyAnalysis.Analyze(rows.Where(m => m.Variant is "baseline" or "vone").ToList(), new StudyAnalysisOptions { Samples = 50 });
        string json = JsonSerializer.Serialize(a, ExperimentsJsonContext.Default.StudyAnalysis);
        var back = JsonSerializer.Deserialize(json, ExperimentsJsonContext.Default.StudyAnalysis)!;
        Assert.Equal(a.Verdicts, back.Verdicts);
        Assert.Equal(a.Correlations.Select(c => c.Correlation), back.Correlations.Select(c => c.Correlation));
        Assert.Contains("NaN", json);   // two models: correlations are undefined and stay NaN
        Assert.Equal(JsonSerializer.Serialize(back, ExperimentsJsonContext.Default.StudyAnalysis), json);
    }
}
