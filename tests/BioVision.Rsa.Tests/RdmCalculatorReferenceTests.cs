using BioVision.Rsa.RdmMethods;
using static BioVision.Rsa.Tests.SyntheticInputs;

namespace BioVision.Rsa.Tests;

/// <summary>RDM methods against synthetic.json (rsatoolbox f1f83cad). Tolerance 1e-10 relative (max(1,|ref|)).</summary>
public class RdmCalculatorReferenceTests
{
    private const double Tol = 1e-10;

    private static void Check(string name, Rdms rdms) =>
        ReferenceData.AssertClose(Vector(name), rdms.Vector(0), Tol, name);

    [Fact]
    public void Euclidean() => Check("euclidean_X", RdmCalculator.Calculate(SingleX));

    [Fact]
    public void EuclideanRemoveMean() => Check("euclidean_X_remove_mean", RdmCalculator.Calculate(SingleX, new RdmOptions { RemoveMean = true }));

    [Fact]
    public void Correlation() => Check("correlation_X", RdmCalculator.Calculate(SingleX, new RdmOptions { Method = RdmMethod.Correlation }));

    [Fact]
    public void MahalanobisWithPrecision() => Check("mahalanobis_X_P", RdmCalculator.Calculate(SingleX, new RdmOptions { Method = RdmMethod.Mahalanobis, Precision = P }));

    [Fact]
    public void MahalanobisWithoutPrecisionIsEuclidean() => Check("mahalanobis_X_none", RdmCalculator.Calculate(SingleX, new RdmOptions { Method = RdmMethod.Mahalanobis }));

    [Fact]
    public void Poisson() => Check("poisson_Y", RdmCalculator.Calculate(SingleY, new RdmOptions { Method = RdmMethod.Poisson }));

    [Fact]
    public void PoissonWithPrior() => Check("poisson_Y_prior_lambda2_weight0.5",
        RdmCalculator.Calculate(SingleY, new RdmOptions { Method = RdmMethod.Poisson, PriorLambda = 2, PriorWeight = 0.5 }));

    [Fact]
    public void EuclideanAveragesByCondition() => Check("euclidean_runsX_by_conds", RdmCalculator.Calculate(RunsX));

    [Fact]
    public void CorrelationAveragesByCondition() => Check("correlation_runsX_by_conds", RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Correlation }));

    [Fact]
    public void CrossnobisIdentity() => Check("crossnobis_runsX_identity", RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis }));

    [Fact]
    public void CrossnobisPrecision() => Check("crossnobis_runsX_P", RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, Precision = P }));

    [Fact]
    public void CrossnobisPrecisionRemoveMean() => Check("crossnobis_runsX_P_remove_mean",
        RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, Precision = P, RemoveMean = true }));

    [Fact]
    public void CrossnobisPerRunPrecisions() => Check("crossnobis_runsX_Plist",
        RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, RunPrecisions = [P, P, P, P] }));

    [Fact]
    public void CrossnobisDefaultFolds()
    {
        var d = RunsX;
        var noRuns = new Dataset(d.Measurements, d.Observations, d.Channels, d.Conditions);
        Check("crossnobis_runsX_default_cv", RdmCalculator.Calculate(noRuns, new RdmOptions { Method = RdmMethod.Crossnobis }));
    }

    [Fact]
    public void CrossnobisBalancedShortcutEqualsPerFoldComputation()
    {
        // Law: the balanced no-precision shortcut equals the per-fold computation (forced here by an explicit identity).
        var eye = new double[Channels, Channels];
        for (int i = 0; i < Channels; i++)
        {
            eye[i, i] = 1;
        }

        var fast = RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, RemoveMean = true });
        var slow = RdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, RemoveMean = true, Precision = eye });
        ReferenceData.AssertClose(slow.Vector(0), fast.Vector(0), 1e-12, "crossnobis shortcut");
    }

    [Fact]
    public void PoissonByCondition() => Check("poisson_runsY_by_conds", RdmCalculator.Calculate(RunsY, new RdmOptions { Method = RdmMethod.Poisson }));

    [Fact]
    public void PoissonCvReferenceBehaviourKeepsLastFold() => Check("poisson_cv_runsY",
        RdmCalculator.Calculate(RunsY, new RdmOptions { Method = RdmMethod.PoissonCv, PoissonCvAllFolds = false }));

    [Fact]
    public void PoissonCvAveragesAllFolds()
    {
        // Law: the all-fold estimate is the mean of the single-fold estimates; each fold f is the reference
        // (last-fold) estimate of the same data with run f relabelled to be last.
        var d = RunsY;
        var all = RdmCalculator.Calculate(d, new RdmOptions { Method = RdmMethod.PoissonCv });
        var mean = new double[all.Pairs];
        for (int f = 0; f < Runs; f++)
        {
            var runs = d.Runs!.Select(r => r == f ? Runs : r).ToArray();
            var relabelled = new Dataset(d.Measurements, d.Observations, d.Channels, d.Conditions, runs);
            var single = RdmCalculator.Calculate(relabelled, new RdmOptions { Method = RdmMethod.PoissonCv, PoissonCvAllFolds = false });
            for (int p = 0; p < mean.Length; p++)
            {
                mean[p] += single.Vector(0)[p] / Runs;
            }
        }

        ReferenceData.AssertClose(mean, all.Vector(0), 1e-12, "poisson_cv all folds");
        Assert.NotEqual(Vector("poisson_cv_runsY")[0], all.Vector(0)[0]);
    }
}

/// <summary>Unbalanced RDM estimation against synthetic.json (rsatoolbox calc_rdm_unbalanced). Tolerance 1e-10 relative.</summary>
public class UnbalancedReferenceTests
{
    private static void Check(string name, Rdms rdms) =>
        ReferenceData.AssertClose(Vector(name), rdms.Vector(0), 1e-10, name);

    [Fact]
    public void Euclidean() => Check("unbalanced_euclidean_runsX", UnbalancedRdmCalculator.Calculate(RunsX));

    [Fact]
    public void EuclideanSingle() => Check("unbalanced_euclidean_X_single", UnbalancedRdmCalculator.Calculate(SingleX));

    [Fact]
    public void Correlation() => Check("unbalanced_correlation_runsX", UnbalancedRdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Correlation }));

    [Fact]
    public void CrossnobisIdentity() => Check("unbalanced_crossnobis_runsX_identity", UnbalancedRdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis }));

    [Fact]
    public void CrossnobisPrecision() => Check("unbalanced_crossnobis_runsX_P", UnbalancedRdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Crossnobis, Precision = P }));

    [Fact]
    public void MahalanobisPrecision() => Check("unbalanced_mahalanobis_runsX_P", UnbalancedRdmCalculator.Calculate(RunsX, new RdmOptions { Method = RdmMethod.Mahalanobis, Precision = P }));

    [Fact]
    public void Poisson() => Check("unbalanced_poisson_runsY", UnbalancedRdmCalculator.Calculate(RunsY, new RdmOptions { Method = RdmMethod.Poisson }));

    [Fact]
    public void PoissonCv() => Check("unbalanced_poisson_cv_runsY", UnbalancedRdmCalculator.Calculate(RunsY, new RdmOptions { Method = RdmMethod.PoissonCv }));

    [Fact]
    public void UnequalRepetitionsWork()
    {
        // Drop two observations of condition 0: crossnobis still defined; balanced calculator refuses (missing in a fold).
        var d = RunsX.SubsetObservations(i => i != 0 && i != 40);
        var rdm = UnbalancedRdmCalculator.Calculate(d, new RdmOptions { Method = RdmMethod.Crossnobis });
        Assert.All(rdm.Vectors.ToArray(), v => Assert.True(double.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => RdmCalculator.Calculate(d, new RdmOptions { Method = RdmMethod.Crossnobis }));
    }
}
