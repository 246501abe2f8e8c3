using System.Text.Json;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Tests;

/// <summary>
/// Noise ceilings and evaluations against 92_noise_ceiling.json and 92_eval.json (rsatoolbox f1f83cad). Fixed
/// evaluations are compared exactly (1e-10 relative to max(1,|ref|)); bootstrap runs are checked draw by draw by
/// replaying the 25 recorded draws (1e-10), and their variance bookkeeping and t-tests from the recorded raw
/// covariances (1e-10). p-values come from different t-distribution code (scipy vs Math.NET): 1e-9 absolute.
/// </summary>
public class InferenceReferenceTests
{
    private static JsonElement Eval => ReferenceData.Load("92_eval.json").GetProperty("runs");

    public static TheoryData<string> CeilingMethods => ["corr", "cosine", "spearman", "rho-a", "tau-a", "kendall", "corr_cov", "cosine_cov"];

    public static TheoryData<string> FixedRuns => [.. Eval.EnumerateObject().Where(p => p.Value.GetProperty("cv_method").GetString() == "fixed").Select(p => p.Name)];

    public static TheoryData<string> BootstrapRuns => [.. Eval.EnumerateObject().Where(p => p.Value.GetProperty("cv_method").GetString()!.Contains("bootstrap", StringComparison.Ordinal)).Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(CeilingMethods))]
    public void NoiseCeilings92(string method)
    {
        var r = ReferenceData.Load("92_noise_ceiling.json").GetProperty("results").GetProperty(method);
        var m = RdmComparer.ParseRsatoolboxName(method);
        Check(r.GetProperty("subjects4"), NoiseCeilings.LeaveOneOut(Inputs92.Subjects, m), method + " subjects4");
        Check(r.GetProperty("sessions8_by_subject"), NoiseCeilings.LeaveOneOut(Inputs92.Sessions, m, "subject"), method + " by subject");
        Check(r.GetProperty("sessions8_by_index"), NoiseCeilings.LeaveOneOut(Inputs92.Sessions, m), method + " by index");
    }

    private static void Check(JsonElement expected, NoiseCeiling actual, string what) =>
        ReferenceData.AssertClose(ReferenceData.Vec(expected), [actual.Lower, actual.Upper], 1e-10, what);

    [Theory]
    [MemberData(nameof(FixedRuns))]
    public void FixedEvaluation(string run)
    {
        var r = Eval.GetProperty(run);
        bool sessions = run.EndsWith("8sessions", StringComparison.Ordinal);
        var data = sessions ? Inputs92.Sessions : Inputs92.Subjects;
        var result = ModelEvaluation.Fixed(Inputs92.Models, data, RdmComparer.ParseRsatoolboxName(r.GetProperty("method").GetString()!));
        var perSubject = ReferenceData.Rows(r.GetProperty(sessions ? "evaluations_per_rdm" : "evaluations_per_subject"));
        for (int j = 0; j < perSubject.Length; j++)
        {
            ReferenceData.AssertClose(perSubject[j], Enumerable.Range(0, data.Count).Select(i => result.Samples[i, j]).ToArray(), 1e-10, run + " per subject");
        }

        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("get_means")), result.Means.ToArray(), 1e-10, run + " means");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("get_sem")), result.Sem.ToArray(), 1e-10, run + " sem");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("model_var")), result.ModelVariances.ToArray(), 1e-10, run + " model_var");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("diff_var")), result.DifferenceVariances.ToArray(), 1e-10, run + " diff_var");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("noise_ceiling_mean")), [result.NoiseCeiling.Lower, result.NoiseCeiling.Upper], 1e-10, run + " nc");
        Assert.Equal(r.GetProperty("dof").GetInt32(), result.Dof);
        CheckP(r, result.PZero.ToArray(), result.PNoise.ToArray(), result.PPairwise, run);
    }

    private static void CheckP(JsonElement r, double[] pZero, double[] pNoise, double[,] pPair, string run)
    {
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("p_zero_t")), pZero, 1e-9, run + " p_zero");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("p_noise_t")), pNoise, 1e-9, run + " p_noise");
        ReferenceData.AssertClose(ReferenceData.Rows(r.GetProperty("p_pairwise_t")).SelectMany(x => x).ToArray(), ReferenceData.Flat(pPair), 1e-9, run + " p_pairwise");
    }

    /// <summary>Single-kind bootstrap runs (the dual bootstrap's recorded draws mix its three parts; not replayed).</summary>
    public static TheoryData<string> SingleBootstrapRuns => [.. Eval.EnumerateObject().Where(p => p.Value.GetProperty("cv_method").GetString()!.StartsWith("bootstrap", StringComparison.Ordinal)).Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(SingleBootstrapRuns))]
    public void BootstrapDrawsReplay(string run)
    {
        var r = Eval.GetProperty(run);
        var method = RdmComparer.ParseRsatoolboxName(r.GetProperty("method").GetString()!);
        int k = 0;
        foreach (var d in r.GetProperty("replay").EnumerateArray())
        {
            var draw = new BootstrapDraw(
                d.TryGetProperty("rdm_idx", out var ri) ? ri.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null,
                d.TryGetProperty("pattern_idx", out var pi) ? pi.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null);
            var got = ModelEvaluation.EvaluateDraw(Inputs92.Models, Inputs92.Subjects, method, draw);
            ReferenceData.AssertClose(ReferenceData.Vec(d.GetProperty("evaluations")), got.Evaluations.ToArray(), 1e-10, $"{run} draw {k} evaluations");
            ReferenceData.AssertClose(ReferenceData.Vec(d.GetProperty("noise_ceiling")), [got.NoiseCeiling.Lower, got.NoiseCeiling.Upper], 1e-10, $"{run} draw {k} noise ceiling");
            k++;
        }

        Assert.Equal(25, k);
    }

    /// <summary>The same recorded draws through <see cref="ModelEvaluation.Replay"/> (the fast draw evaluator).</summary>
    [Theory]
    [MemberData(nameof(SingleBootstrapRuns))]
    public void BootstrapDrawsReplayThroughBatchReplay(string run)
    {
        var r = Eval.GetProperty(run);
        var method = RdmComparer.ParseRsatoolboxName(r.GetProperty("method").GetString()!);
        var kind = r.GetProperty("cv_method").GetString() switch
        {
            "bootstrap_rdm" => EvaluationKind.BootstrapRdms,
            "bootstrap_pattern" => EvaluationKind.BootstrapPatterns,
            _ => EvaluationKind.BootstrapBoth,
        };
        var recorded = r.GetProperty("replay").EnumerateArray().ToArray();
        var draws = recorded.Select(d => new BootstrapDraw(
            d.TryGetProperty("rdm_idx", out var ri) ? ri.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null,
            d.TryGetProperty("pattern_idx", out var pi) ? pi.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null)).ToArray();
        var result = ModelEvaluation.Replay(Inputs92.Models, Inputs92.Subjects, method, kind, draws);
        for (int k = 0; k < draws.Length; k++)
        {
            var evals = Enumerable.Range(0, result.Samples.GetLength(1)).Select(j => result.Samples[k, j]).ToArray();
            ReferenceData.AssertClose(ReferenceData.Vec(recorded[k].GetProperty("evaluations")), evals, 1e-10, $"{run} draw {k} evaluations");
            var nc = result.NoiseCeilings[k];
            ReferenceData.AssertClose(ReferenceData.Vec(recorded[k].GetProperty("noise_ceiling")), [nc.Lower, nc.Upper], 1e-10, $"{run} draw {k} noise ceiling");
        }
    }

    [Theory]
    [MemberData(nameof(BootstrapRuns))]
    public void BootstrapStatisticsFromRecordedCovariance(string run)
    {
        var r = Eval.GetProperty(run);
        string cv = r.GetProperty("cv_method").GetString()!;
        int n = cv switch { "bootstrap_rdm" => 4, "bootstrap_pattern" => 92, _ => 4 };
        double[] model, diff;
        double[,] nc;
        if (cv == "dual_bootstrap")
        {
            var parts = r.GetProperty("raw_variances").EnumerateArray().Select(ReferenceData.Matrix).ToArray();
            (model, diff, nc) = EvaluationStatistics.DualVariances(parts[0], parts[1], parts[2], true, 4, 92);
        }
        else
        {
            var raw = ReferenceData.Matrix(r.GetProperty("raw_variances"));
            (model, diff, nc) = EvaluationStatistics.Variances(raw, raw.GetLength(0) == 10, n);
        }

        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("model_var")), model, 1e-10, run + " model_var");
        ReferenceData.AssertClose(ReferenceData.Vec(r.GetProperty("diff_var")), diff, 1e-10, run + " diff_var");
        ReferenceData.AssertClose(ReferenceData.Rows(r.GetProperty("noise_ceil_var")).SelectMany(x => x).ToArray(), ReferenceData.Flat(nc), 1e-10, run + " nc_var");
        int dof = r.GetProperty("dof").GetInt32();
        Assert.Equal(n - 1, dof);
        var means = ReferenceData.Vec(r.GetProperty("get_means"));
        double lower = ReferenceData.Vec(r.GetProperty("noise_ceiling_mean"))[0];
        CheckP(r, EvaluationStatistics.PZero(means, model, dof), EvaluationStatistics.PNoise(means, lower, Enumerable.Range(0, model.Length).Select(i => nc[i, 0]).ToArray(), dof),
            EvaluationStatistics.PPairwise(means, diff, dof), run);
    }
}

/// <summary>Seeded bootstrap runs: reproducibility and the variance correction laws (no reference needed).</summary>
public class BootstrapLawTests
{
    [Fact]
    public void SameSeedGivesSameResultAndCorrectionIsNOverNMinusOne()
    {
        var models = Inputs92.Models.SubsetRdms([0, 2]);
        var a = ModelEvaluation.Bootstrap(models, Inputs92.Subjects, ComparisonMethod.Pearson, EvaluationKind.BootstrapRdms, 40, seed: 3);
        var b = ModelEvaluation.Bootstrap(models, Inputs92.Subjects, ComparisonMethod.Pearson, EvaluationKind.BootstrapRdms, 40, seed: 3);
        Assert.Equal(ReferenceData.Flat(a.Samples), ReferenceData.Flat(b.Samples));
        Assert.Equal(a.RawCovariance[0, 0] * 4 / 3, a.ModelVariances[0], 15);
        Assert.Equal(3, a.Dof);
        var (lo, hi) = a.ConfidenceIntervals(0.95);
        Assert.True(lo[0] < a.Means[0] && a.Means[0] < hi[0]);
        Assert.Contains("p (against NC)", a.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Law: batch replay (fast draw evaluator) equals evaluating each draw through the general path, for grouped data
    /// (sessions grouped by subject, duplicated groups and conditions) and every dot-product method.
    /// </summary>
    [Theory]
    [InlineData(ComparisonMethod.Cosine)]
    [InlineData(ComparisonMethod.Pearson)]
    [InlineData(ComparisonMethod.Spearman)]
    [InlineData(ComparisonMethod.RhoA)]
    public void BatchReplayEqualsPerDrawEvaluation(ComparisonMethod method)
    {
        var data = Inputs92.Sessions;
        var models = Inputs92.Models.SubsetRdms([0, 1, 2]);
        var rng = new Random(11);
        var draws = Enumerable.Range(0, 12).Select(s => new BootstrapDraw(
            s % 3 == 1 ? null : Enumerable.Range(0, 4).Select(_ => rng.Next(4)).ToArray(),
            s % 3 == 2 ? null : Enumerable.Range(0, 92).Select(_ => rng.Next(92)).ToArray())).ToArray();
        var batch = ModelEvaluation.Replay(models, data, method, EvaluationKind.BootstrapBoth, draws, "subject");
        for (int k = 0; k < draws.Length; k++)
        {
            var one = ModelEvaluation.EvaluateDraw(models, data, method, draws[k], "subject");
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(one.Evaluations[j], batch.Samples[k, j], 1e-12);
            }

            var nc = batch.NoiseCeilings[k];
            Assert.Equal(double.IsNaN(one.NoiseCeiling.Lower), double.IsNaN(nc.Lower));
            if (!double.IsNaN(nc.Lower))
            {
                Assert.Equal(one.NoiseCeiling.Lower, nc.Lower, 1e-12);
                Assert.Equal(one.NoiseCeiling.Upper, nc.Upper, 1e-12);
            }
        }
    }

    [Fact]
    public void DualBootstrapVarianceLiesBetweenItsBounds()
    {
        var models = Inputs92.Models.SubsetRdms([0, 2]);
        var d = ModelEvaluation.Bootstrap(models, Inputs92.Subjects, ComparisonMethod.Pearson, EvaluationKind.DualBootstrap, 30, seed: 5);
        Assert.Equal(EvaluationKind.DualBootstrap, d.Kind);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(d.ModelVariances[i] <= d.RawCovariance[i, i] + 1e-15);
            Assert.True(d.ModelVariances[i] > 0);
        }
    }
}
