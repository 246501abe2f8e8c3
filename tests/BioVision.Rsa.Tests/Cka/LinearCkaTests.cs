using BioVision.Rsa.Cka;
using Xunit;

namespace BioVision.Rsa.Tests.Cka;

/// <summary>
/// Laws of linear CKA (Kornblith et al. 2019): CKA(X, X) = 1, symmetry, invariance to orthogonal transforms and
/// isotropic scaling, and agreement with formulas written out independently here (feature-space form for the
/// biased estimator; Kornblith's unbiased Gram centering for the unbiased one). Tolerance 1e-10 (float64 rounding).
/// </summary>
public class LinearCkaTests
{
    private const double Tolerance = 1e-10;

    private static double[,] Random(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                m[i, j] = (rng.NextDouble() * 2) - 1;
            }
        }

        return m;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++)
                {
                    s += a[i, t] * b[t, j];
                }

                c[i, j] = s;
            }
        }

        return c;
    }

    /// <summary>A random orthogonal matrix by Gram–Schmidt.</summary>
    private static double[,] Orthogonal(int size, int seed)
    {
        double[,] a = Random(size, size, seed);
        var q = new double[size, size];
        for (int j = 0; j < size; j++)
        {
            var v = new double[size];
            for (int i = 0; i < size; i++)
            {
                v[i] = a[i, j];
            }

            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < size; i++)
                {
                    dot += q[i, p] * a[i, j];
                }

                for (int i = 0; i < size; i++)
                {
                    v[i] -= dot * q[i, p];
                }
            }

            double norm = Math.Sqrt(v.Sum(e => e * e));
            for (int i = 0; i < size; i++)
            {
                q[i, j] = v[i] / norm;
            }
        }

        return q;
    }

    private static double[,] Centered(double[,] x)
    {
        int n = x.GetLength(0), p = x.GetLength(1);
        var c = new double[n, p];
        for (int j = 0; j < p; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += x[i, j] / n;
            }

            for (int i = 0; i < n; i++)
            {
                c[i, j] = x[i, j] - mean;
            }
        }

        return c;
    }

    private static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                t[j, i] = a[i, j];
            }
        }

        return t;
    }

    private static double FrobeniusSquared(double[,] a) => a.Cast<double>().Sum(v => v * v);

    /// <summary>Kornblith et al. 2019 eq. for linear CKA in feature space: ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F).</summary>
    private static double FeatureSpaceCka(double[,] x, double[,] y)
    {
        double[,] xc = Centered(x), yc = Centered(y);
        double num = FrobeniusSquared(Multiply(Transpose(yc), xc));
        return num / Math.Sqrt(FrobeniusSquared(Multiply(Transpose(xc), xc)) * FrobeniusSquared(Multiply(Transpose(yc), yc)));
    }

    /// <summary>Unbiased CKA via Kornblith's unbiased Gram centering (Szekely–Rizzo U-centering), written out.</summary>
    private static double UnbiasedCka(double[,] x, double[,] y)
    {
        double[,] UCenter(double[,] g)
        {
            int n = g.GetLength(0);
            var c = (double[,])g.Clone();
            for (int i = 0; i < n; i++)
            {
                c[i, i] = 0;
            }

            var means = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    means[i] += c[i, j];
                    total += c[i, j];
                }
            }

            for (int i = 0; i < n; i++)
            {
                means[i] /= n - 2;
            }

            // means_i = r_i/(n-2) - Σmeans/(2(n-1)); subtracting means_i + means_j adds back total/((n-1)(n-2)).
            double offset = total / ((n - 1.0) * (n - 2.0));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[i, j] = i == j ? 0 : c[i, j] - means[i] - means[j] + offset;
                }
            }

            return c;
        }

        double Dot(double[,] a, double[,] b)
        {
            double s = 0;
            for (int i = 0; i < a.GetLength(0); i++)
            {
                for (int j = 0; j < a.GetLength(1); j++)
                {
                    s += a[i, j] * b[i, j];
                }
            }

            return s;
        }

        double[,] k = UCenter(Multiply(x, Transpose(x))), l = UCenter(Multiply(y, Transpose(y)));
        return Dot(k, l) / Math.Sqrt(Dot(k, k) * Dot(l, l));
    }

    [Theory]
    [InlineData(HsicEstimator.Biased)]
    [InlineData(HsicEstimator.Unbiased)]
    public void CkaOfARepresentationWithItself_IsOne(HsicEstimator estimator)
        => Assert.Equal(1.0, LinearCka.Compute(Random(20, 7, 1), Random(20, 7, 1), estimator), Tolerance);

    [Theory]
    [InlineData(HsicEstimator.Biased)]
    [InlineData(HsicEstimator.Unbiased)]
    public void Cka_IsSymmetric(HsicEstimator estimator)
    {
        double[,] x = Random(15, 4, 2), y = Random(15, 9, 3);
        Assert.Equal(LinearCka.Compute(x, y, estimator), LinearCka.Compute(y, x, estimator), Tolerance);
    }

    [Theory]
    [InlineData(HsicEstimator.Biased)]
    [InlineData(HsicEstimator.Unbiased)]
    public void Cka_IsInvariantToOrthogonalTransformsAndIsotropicScaling(HsicEstimator estimator)
    {
        double[,] x = Random(25, 6, 4), y = Random(25, 5, 5);
        double[,] rotated = Multiply(x, Orthogonal(6, 6));
        double[,] scaled = Multiply(y, new double[,] { { 3.5, 0, 0, 0, 0 }, { 0, 3.5, 0, 0, 0 }, { 0, 0, 3.5, 0, 0 }, { 0, 0, 0, 3.5, 0 }, { 0, 0, 0, 0, 3.5 } });
        Assert.Equal(LinearCka.Compute(x, y, estimator), LinearCka.Compute(rotated, scaled, estimator), Tolerance);
    }

    [Fact]
    public void Cka_IsNotInvariantToAnisotropicScaling()
    {
        double[,] x = Random(25, 3, 7), y = Random(25, 3, 8);
        double[,] stretched = Multiply(x, new double[,] { { 10, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0.1 } });
        Assert.NotEqual(LinearCka.Compute(x, y), LinearCka.Compute(stretched, y), 1e-6);
    }

    [Fact]
    public void BiasedCka_EqualsTheFeatureSpaceFormula()
    {
        double[,] x = Random(12, 5, 9), y = Random(12, 3, 10);
        Assert.Equal(FeatureSpaceCka(x, y), LinearCka.Compute(x, y), Tolerance);
    }

    [Fact]
    public void UnbiasedCka_EqualsKornblithsUnbiasedGramCentering()
    {
        double[,] x = Random(12, 5, 11), y = Random(12, 30, 12);
        Assert.Equal(UnbiasedCka(x, y), LinearCka.Compute(x, y, HsicEstimator.Unbiased), Tolerance);
    }

    [Fact]
    public void RowMajorOverload_MatchesMatrixOverload()
    {
        double[,] x = Random(10, 4, 13), y = Random(10, 2, 14);
        double[] xr = x.Cast<double>().ToArray(), yr = y.Cast<double>().ToArray();
        Assert.Equal(LinearCka.Compute(x, y), LinearCka.Compute(xr, yr, 10), Tolerance);
    }

    [Fact]
    public void UnbiasedCka_OfIndependentWideRepresentations_IsNearZeroWhileBiasedIsInflated()
    {
        // Law (Nguyen et al. 2021; Kornblith et al. 2019): with many more features than examples, the biased CKA of
        // independent noise is far above 0, the unbiased one is centred on 0.
        double[,] x = Random(30, 1000, 15), y = Random(30, 1000, 16);
        double biased = LinearCka.Compute(x, y), unbiased = LinearCka.Compute(x, y, HsicEstimator.Unbiased);
        Assert.True(biased > 0.5, $"biased CKA {biased}");
        Assert.InRange(unbiased, -0.1, 0.1);
    }

    [Fact]
    public void BadInputs_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(Random(5, 2, 1), Random(6, 2, 1)));
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(Random(3, 2, 1), Random(3, 2, 1), HsicEstimator.Unbiased));
        var nan = Random(5, 2, 1);
        nan[0, 0] = double.NaN;
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(nan, Random(5, 2, 1)));
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(new double[5, 2], Random(5, 2, 1)));
    }
}
