using System.Text.Json;
using BioVision.Rsa.Comparisons;
using static BioVision.Rsa.Tests.SyntheticInputs;

namespace BioVision.Rsa.Tests;

/// <summary>
/// Comparisons and transforms against synthetic.json (rsatoolbox f1f83cad). A = [euclidean_X, correlation_X,
/// mahalanobis_X_P], B = [crossnobis_runsX_P, categorical]. Tolerance 1e-10 (max(1,|ref|)) unless stated.
/// </summary>
public class ComparisonReferenceTests
{
    private const double Tol = 1e-10;

    private static JsonElement Comparisons => Root.GetProperty("comparisons");

    private static Rdms A(bool nans) => Make(nans, Vector("euclidean_X"), Vector("correlation_X"), Vector("mahalanobis_X_P"));

    private static Rdms B(bool nans) => Make(nans, Vector("crossnobis_runsX_P"), ReferenceData.Vec(Comparisons.GetProperty("categorical_rdm")));

    private static Rdms Make(bool nans, params double[][] vectors)
    {
        if (nans)
        {
            vectors = vectors.Select(v =>
            {
                var c = (double[])v.Clone();
                for (int p = 0; p <= 702; p += 78)
                {
                    c[p] = double.NaN;
                }

                return c;
            }).ToArray();
        }

        return Rdms.FromVectors(vectors);
    }

    private static double[] SigmaK => Enumerable.Range(0, Conditions).Select(k => 1 + (0.5 * Math.Sin(k))).ToArray();

    [Theory]
    [InlineData("cosine", false)]
    [InlineData("corr", false)]
    [InlineData("spearman", false)]
    [InlineData("rho-a", false)]
    [InlineData("tau-a", false)]
    [InlineData("kendall", false)]
    [InlineData("corr_cov", false)]
    [InlineData("cosine_cov", false)]
    [InlineData("bures", false)]
    [InlineData("bures_metric", false)]
    [InlineData("cosine", true)]
    [InlineData("corr", true)]
    [InlineData("spearman", true)]
    [InlineData("rho-a", true)]
    [InlineData("tau-a", true)]
    [InlineData("cosine_cov", true)]
    [InlineData("corr_cov", true)]
    public void MatchesReference(string method, bool nans)
    {
        string key = nans ? method + "_with_nans" : method;
        var expected = ReferenceData.Rows(Comparisons.GetProperty("results").GetProperty(key)).SelectMany(r => r).ToArray();
        var actual = RdmComparer.Compare(A(nans), B(nans), RdmComparer.ParseRsatoolboxName(method));
        ReferenceData.AssertClose(expected, ReferenceData.Flat(actual), method.StartsWith("bures", StringComparison.Ordinal) ? 1e-6 : Tol, key);
    }

    [Fact]
    public void WhitenedWithDiagonalPatternVariances()
    {
        var options = new ComparisonOptions { PatternVariances = SigmaK };
        var expected = ReferenceData.Rows(Comparisons.GetProperty("results").GetProperty("cosine_cov_sigma_k_1d")).SelectMany(r => r).ToArray();
        ReferenceData.AssertClose(expected, ReferenceData.Flat(RdmComparer.Compare(A(false), B(false), ComparisonMethod.CosineCov, options)), Tol, "cosine_cov_sigma_k_1d");
    }

    [Theory]
    [InlineData("cosine_cov_sigma_k_2d", ComparisonMethod.CosineCov)]
    [InlineData("corr_cov_sigma_k_2d", ComparisonMethod.PearsonCov)]
    public void WhitenedWithFullPatternCovariance(string key, ComparisonMethod method)
    {
        var s = SigmaK;
        var sigma = new double[Conditions, Conditions];
        for (int i = 0; i < Conditions; i++)
        {
            sigma[i, i] = s[i];
        }

        // rsatoolbox solves V x = d by conjugate gradients with scipy's default rtol 1e-5, so its values are only
        // approximately whitened (errors ~1e-7 seen); we solve exactly with a Cholesky factor: tolerance 1e-6.
        var expected = ReferenceData.Rows(Comparisons.GetProperty("results").GetProperty(key)).SelectMany(r => r).ToArray();
        ReferenceData.AssertClose(expected, ReferenceData.Flat(RdmComparer.Compare(A(false), B(false), method, new ComparisonOptions { PatternCovariance = sigma })), 1e-6, key);
    }

    [Fact]
    public void WhitenedWithIdentityCovarianceEqualsDefaultWhitening()
    {
        // Law: with Σ = I the V-matrix whitening and the double-centring shortcut give the same cosine.
        var eye = new double[Conditions, Conditions];
        for (int i = 0; i < Conditions; i++)
        {
            eye[i, i] = 1;
        }

        var slow = RdmComparer.Compare(A(false), B(false), ComparisonMethod.CosineCov, new ComparisonOptions { PatternCovariance = eye });
        var fast = RdmComparer.Compare(A(false), B(false), ComparisonMethod.CosineCov);
        ReferenceData.AssertClose(ReferenceData.Flat(fast), ReferenceData.Flat(slow), 1e-10, "identity whitening");
    }

    [Theory]
    [InlineData("rank_transform_euclidean_X")]
    [InlineData("rank_transform_cat")]
    public void RankTransform(string key)
    {
        var input = key.EndsWith("cat", StringComparison.Ordinal) ? ReferenceData.Vec(Comparisons.GetProperty("categorical_rdm")) : Vector("euclidean_X");
        var rdms = Rdms.FromVectors([input]);
        var ranked = RdmTransforms.Rank(rdms);
        ReferenceData.AssertClose(ReferenceData.Vec(Root.GetProperty("transforms").GetProperty(key)), ranked.Vector(0), 0, key);
        Assert.Equal(input, rdms.Vector(0).ToArray());
    }

    [Fact]
    public void SqrtTransformLeavesInputUntouched()
    {
        var input = Vector("crossnobis_runsX_P");
        var rdms = Rdms.FromVectors([input]);
        var root = RdmTransforms.Sqrt(rdms);
        ReferenceData.AssertClose(ReferenceData.Vec(Root.GetProperty("transforms").GetProperty("sqrt_transform_crossnobis")), root.Vector(0), Tol, "sqrt");
        Assert.Equal(input, rdms.Vector(0).ToArray());
    }

    [Theory]
    [InlineData("cosine")]
    [InlineData("corr")]
    [InlineData("spearman")]
    [InlineData("tau-a")]
    public void Pool(string method)
    {
        // The pooled set (identified from the reference ranks): euclidean_X, mahalanobis_X_P, crossnobis_runsX_P.
        var a = Make(false, Vector("euclidean_X"), Vector("mahalanobis_X_P"), Vector("crossnobis_runsX_P"));
        var before = a.Vectors.ToArray();
        var pooled = RdmTransforms.Pool(a, RdmComparer.ParseRsatoolboxName(method));
        ReferenceData.AssertClose(ReferenceData.Vec(Root.GetProperty("transforms").GetProperty("pool_rdm_" + method)), pooled.Vector(0), Tol, "pool " + method);
        Assert.Equal(before, a.Vectors.ToArray());
    }
}
