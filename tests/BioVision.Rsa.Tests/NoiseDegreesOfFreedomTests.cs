using System.Text.Json;
using BioVision.Rsa.Noise;
using static BioVision.Rsa.Tests.SyntheticInputs;

namespace BioVision.Rsa.Tests;

/// <summary>
/// Shrinkage-to-diagonal with degrees of freedom other than n − 1, against rsatoolbox f1f83cad's <c>_covariance_diag</c>
/// written out in Fixtures/noise_dof_reference.py (plain Python, no numpy; the JSON is committed). Tolerance 1e-10 relative.
/// </summary>
public class NoiseDegreesOfFreedomTests
{
    private static readonly JsonElement Fixture = LoadFixture();

    private static JsonElement LoadFixture()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "noise_dof_reference.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>runs_X restricted to the first <paramref name="channels"/> channels (row r·40 + i = X[i] + E[r, i]).</summary>
    private static Dataset RunsXChannels(int channels)
    {
        var full = RunsX;
        var data = new double[full.Observations * channels];
        for (int r = 0; r < full.Observations; r++)
        {
            full.Row(r)[..channels].CopyTo(data.AsSpan(r * channels, channels));
        }

        return new Dataset(data, full.Observations, channels, full.Conditions, full.Runs);
    }

    private static double[] Expected(string key) => ReferenceData.Rows(Fixture.GetProperty(key).GetProperty("cov")).SelectMany(r => r).ToArray();

    [Fact]
    public void MeasurementsReferenceConventionMatchesRsatoolbox()
    {
        // 40 conditions × 4 repetitions, 12 channels: rsatoolbox's dof (39·4 = 156) differs from n − 1 = 159.
        var d = RunsXChannels(12);
        var reference = NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.ShrinkageDiagonal, DegreesOfFreedom.Reference);
        ReferenceData.AssertClose(Expected("measurements"), ReferenceData.Flat(reference), 1e-10, "measurements");

        // Before the fix the weight was 0.624 instead of 0.636: off-diagonals differed by about 1e-2 relative.
        double lambda = Fixture.GetProperty("measurements").GetProperty("lambda").GetDouble();
        Assert.Equal(1 - lambda, reference[0, 1] / (ReferenceData.Flat(NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.Full, DegreesOfFreedom.Reference))[1]), 10);
    }

    [Fact]
    public void UnbalancedReferenceConventionMatchesRsatoolbox()
    {
        var d = RunsXChannels(8).SubsetObservations(i => i != 0);
        var reference = NoiseEstimator.CovarianceFromUnbalanced(d, CovarianceMethod.ShrinkageDiagonal, dofConvention: DegreesOfFreedom.Reference);
        ReferenceData.AssertClose(Expected("unbalanced_drop0_8ch"), ReferenceData.Flat(reference), 1e-10, "unbalanced");
    }

    [Fact]
    public void ResidualsWithExplicitDofReferenceConventionMatchesRsatoolbox()
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

        var reference = NoiseEstimator.CovarianceFromResiduals(r, CovarianceMethod.ShrinkageDiagonal, dof: 150, dofConvention: DegreesOfFreedom.Reference);
        ReferenceData.AssertClose(Expected("residuals_dof150"), ReferenceData.Flat(reference), 1e-10, "residuals dof 150");

        // With dof = n − 1 the conventions coincide (rsatoolbox's default), for every estimator.
        foreach (var method in Enum.GetValues<CovarianceMethod>())
        {
            ReferenceData.AssertClose(
                ReferenceData.Flat(NoiseEstimator.CovarianceFromResiduals(r, method, dof: 159)),
                ReferenceData.Flat(NoiseEstimator.CovarianceFromResiduals(r, method, dof: 159, dofConvention: DegreesOfFreedom.Reference)), 1e-14, method.ToString());
        }

        // The other estimators use the dof only as the final divisor, in both conventions (as rsatoolbox does).
        foreach (var method in new[] { CovarianceMethod.Full, CovarianceMethod.Diagonal, CovarianceMethod.ShrinkageEye })
        {
            var a = NoiseEstimator.CovarianceFromResiduals(r, method, dof: 150);
            var b = NoiseEstimator.CovarianceFromResiduals(r, method, dof: 150, dofConvention: DegreesOfFreedom.Reference);
            var c = NoiseEstimator.CovarianceFromResiduals(r, method);
            ReferenceData.AssertClose(ReferenceData.Flat(a), ReferenceData.Flat(b), 1e-14, method + " conventions");
            Assert.Equal(159.0 / 150.0, a[2, 2] / c[2, 2], 12);
        }
    }

    [Fact]
    public void CorrectedConventionUsesTheSampleCorrelations()
    {
        // Corrected (dof = 40·3 = 120): the weight is Schäfer–Strimmer's Σ Var(r̂) / Σ r̂² with r̂ the sample correlations
        // of the residuals, Var(r̂ᵢⱼ) = n / dof² · (dof · Σₖ (xₖᵢxₖⱼ)² / (Sᵢᵢ Sⱼⱼ) − r̂ᵢⱼ²), written out here from the sums.
        var d = RunsXChannels(12);
        int n = d.Observations, c = 12;
        double dof = 120;
        var means = d.ConditionMeans();
        var x = new double[n, c];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < c; j++)
            {
                x[r, j] = d.Row(r)[j] - means[(d.Conditions[r] * c) + j];
            }
        }

        double num = 0, den = 0;
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b < c; b++)
            {
                if (a == b)
                {
                    continue;
                }

                double sab = 0, saa = 0, sbb = 0, s2 = 0;
                for (int r = 0; r < n; r++)
                {
                    sab += x[r, a] * x[r, b];
                    saa += x[r, a] * x[r, a];
                    sbb += x[r, b] * x[r, b];
                    s2 += x[r, a] * x[r, b] * x[r, a] * x[r, b];
                }

                double rho = sab / Math.Sqrt(saa * sbb);
                num += n / (dof * dof) * ((dof * s2 / (saa * sbb)) - (rho * rho));
                den += rho * rho;
            }
        }

        double lambda = Math.Clamp(num / den, 0, 1);
        var corrected = NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.ShrinkageDiagonal);
        var full = NoiseEstimator.CovarianceFromMeasurements(d, CovarianceMethod.Full);
        Assert.InRange(lambda, 0.01, 0.99);
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b < c; b++)
            {
                Assert.Equal(full[a, b] * (a == b ? 1 : 1 - lambda), corrected[a, b], 12);
            }
        }
    }
}
