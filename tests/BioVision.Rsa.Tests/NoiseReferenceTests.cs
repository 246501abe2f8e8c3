using BioVision.Rsa.Noise;
using static BioVision.Rsa.Tests.SyntheticInputs;

namespace BioVision.Rsa.Tests;

/// <summary>Noise estimators against synthetic.json (residuals = E run-major 160 × 100, first 12 channels). Tolerance 1e-10 relative.</summary>
public class NoiseReferenceTests
{
    private static double[,] Residuals
    {
        get
        {
            var e = E;
            var r = new double[160, 12];
            for (int i = 0; i < 160; i++)
            {
                for (int j = 0; j < 12; j++)
                {
                    r[i, j] = e[(i * Channels) + j];
                }
            }

            return r;
        }
    }

    private static double[] Expected(string key) => ReferenceData.Rows(Root.GetProperty("noise").GetProperty(key)).SelectMany(r => r).ToArray();

    [Theory]
    [InlineData("full", CovarianceMethod.Full)]
    [InlineData("diag", CovarianceMethod.Diagonal)]
    [InlineData("shrinkage_eye", CovarianceMethod.ShrinkageEye)]
    [InlineData("shrinkage_diag", CovarianceMethod.ShrinkageDiagonal)]
    public void CovarianceAndPrecision(string key, CovarianceMethod method)
    {
        ReferenceData.AssertClose(Expected("cov_" + key), ReferenceData.Flat(NoiseEstimator.CovarianceFromResiduals(Residuals, method)), 1e-10, "cov_" + key);
        ReferenceData.AssertClose(Expected("prec_" + key), ReferenceData.Flat(NoiseEstimator.PrecisionFromResiduals(Residuals, method)), 1e-10, "prec_" + key);
    }

    [Fact]
    public void ShrinkageDiagonalWithExplicitDof() =>
        ReferenceData.AssertClose(Expected("cov_shrinkage_diag_dof100"), ReferenceData.Flat(NoiseEstimator.CovarianceFromResiduals(Residuals, CovarianceMethod.ShrinkageDiagonal, dof: 100)), 1e-10, "dof100");

    [Fact]
    public void MeasurementDegreesOfFreedomCorrectedVersusReference()
    {
        // 40 conditions × 4 repetitions: corrected dof = 40·3 = 120, reference (defect) = 39·4 = 156.
        var d = RunsX;
        var corrected = NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.Full);
        var reference = NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.Full, DegreesOfFreedom.Reference);
        Assert.Equal(156.0 / 120.0, corrected[3, 3] / reference[3, 3], 12);

        // Law: the corrected full estimate is Σ (x − condition mean)² / (N − conditions), i.e. the unbalanced estimator.
        var unbalanced = NoiseEstimator.CovarianceFromUnbalanced(d, CovarianceMethod.Full);
        ReferenceData.AssertClose(ReferenceData.Flat(unbalanced), ReferenceData.Flat(corrected), 1e-12, "corrected vs unbalanced");
    }

    [Fact]
    public void UnbalancedRepetitionsRejectedByBalancedEstimator()
    {
        var d = RunsX.SubsetObservations(i => i != 0);
        var ex = Assert.Throws<ArgumentException>(() => NoiseEstimator.CovarianceFromMeasurements(d));
        Assert.Contains("repetitions", ex.Message, StringComparison.Ordinal);
    }
}
