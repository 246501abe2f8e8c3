using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Cka;

/// <summary>
/// Linear centered kernel alignment (Kornblith, Norouzi, Lee &amp; Hinton 2019): the similarity of two representations
/// of the same n examples, X (n × p) and Y (n × q), as HSIC(K, L) / √(HSIC(K, K)·HSIC(L, L)) with linear kernels
/// K = XXᵀ and L = YYᵀ. CKA is 1 for identical representations, symmetric, and invariant to orthogonal transforms
/// and isotropic scaling of either representation (not to arbitrary invertible linear maps).
/// </summary>
/// <remarks>
/// Rows are examples, columns features. Works in the n × n Gram space, so cost is O(n²(p + q)) time and O(n²) memory.
/// Inputs with NaN or infinity, with different numbers of rows, too few rows for the estimator, or a representation
/// with zero variance (every row equal) are rejected with <see cref="ArgumentException"/>.
/// </remarks>
public static class LinearCka
{
    /// <summary>Linear CKA of two representations given as matrices (rows = examples).</summary>
    /// <param name="x">First representation, n × p.</param>
    /// <param name="y">Second representation, n × q.</param>
    /// <param name="estimator">HSIC estimator (default biased, as in Kornblith et al. 2019).</param>
    /// <returns>CKA in [0, 1] for the biased estimator; the unbiased one may be slightly below 0.</returns>
    public static double Compute(double[,] x, double[,] y, HsicEstimator estimator = HsicEstimator.Biased)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Compute(Matrix<double>.Build.DenseOfArray(x), Matrix<double>.Build.DenseOfArray(y), estimator);
    }

    /// <summary>Linear CKA of two representations given as row-major arrays.</summary>
    /// <param name="x">First representation, row-major, <paramref name="examples"/> × (x.Length / examples).</param>
    /// <param name="y">Second representation, row-major, <paramref name="examples"/> × (y.Length / examples).</param>
    /// <param name="examples">Number of examples (rows) of both.</param>
    /// <param name="estimator">HSIC estimator.</param>
    public static double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int examples, HsicEstimator estimator = HsicEstimator.Biased)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examples);
        return Compute(FromRowMajor(x, examples, nameof(x)), FromRowMajor(y, examples, nameof(y)), estimator);
    }

    /// <summary>HSIC of linear kernels of two representations (rows = examples), with the chosen estimator.</summary>
    /// <param name="x">First representation, n × p.</param>
    /// <param name="y">Second representation, n × q.</param>
    /// <param name="estimator">HSIC estimator.</param>
    public static double Hsic(double[,] x, double[,] y, HsicEstimator estimator = HsicEstimator.Biased)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Matrix<double> mx = Matrix<double>.Build.DenseOfArray(x), my = Matrix<double>.Build.DenseOfArray(y);
        Validate(mx, my, estimator);
        return Hsic(Gram(mx), Gram(my), estimator);
    }

    private static double Compute(Matrix<double> x, Matrix<double> y, HsicEstimator estimator)
    {
        Validate(x, y, estimator);
        Matrix<double> k = Gram(x), l = Gram(y);
        double kl = Hsic(k, l, estimator);
        double kk = Hsic(k, k, estimator);
        double ll = Hsic(l, l, estimator);
        if (!(kk > 0) || !(ll > 0))
        {
            throw new ArgumentException(
                $"CKA is undefined: a representation has zero (or, with the unbiased estimator, non-positive) self-similarity (HSIC(X,X) = {kk}, HSIC(Y,Y) = {ll}); constant representations have no variance.");
        }

        return kl / Math.Sqrt(kk * ll);
    }

    private static Matrix<double> Gram(Matrix<double> x)
    {
        // Centering the features first makes K = XcXcᵀ = HKH, so the biased HSIC needs no further centering.
        Vector<double> means = x.ColumnSums() / x.RowCount;
        Matrix<double> centered = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => means[j]);
        return centered.TransposeAndMultiply(centered);
    }

    private static double Hsic(Matrix<double> k, Matrix<double> l, HsicEstimator estimator)
    {
        int n = k.RowCount;
        if (estimator == HsicEstimator.Biased)
        {
            // tr(KHLH) with K, L already centred = Σ K∘L.
            return k.PointwiseMultiply(l).Enumerate().Sum() / ((n - 1.0) * (n - 1.0));
        }

        // Song et al. 2012, eq. 5, with the diagonals set to zero. (Double centering of the features does not change
        // the estimator: it is invariant to adding a constant vector to the representation.)
        Matrix<double> kt = k.Clone(), lt = l.Clone();
        kt.SetDiagonal(new double[n]);
        lt.SetDiagonal(new double[n]);
        double trace = kt.PointwiseMultiply(lt).Enumerate().Sum();
        Vector<double> kRow = kt.RowSums(), lRow = lt.RowSums();
        double kSum = kRow.Sum(), lSum = lRow.Sum();
        double cross = kRow.DotProduct(lRow);
        return (trace + (kSum * lSum / ((n - 1.0) * (n - 2.0))) - (2.0 / (n - 2.0) * cross)) / (n * (n - 3.0));
    }

    private static void Validate(Matrix<double> x, Matrix<double> y, HsicEstimator estimator)
    {
        if (x.RowCount != y.RowCount)
        {
            throw new ArgumentException($"Both representations must describe the same examples: X has {x.RowCount} rows, Y has {y.RowCount}.", nameof(y));
        }

        int minimum = estimator == HsicEstimator.Unbiased ? 4 : 2;
        if (x.RowCount < minimum)
        {
            throw new ArgumentException($"The {estimator} HSIC estimator needs at least {minimum} examples; got {x.RowCount}.", nameof(x));
        }

        if (x.ColumnCount == 0 || y.ColumnCount == 0)
        {
            throw new ArgumentException("A representation has no features.", nameof(x));
        }

        if (x.Enumerate().Any(v => !double.IsFinite(v)) || y.Enumerate().Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("A representation contains NaN or infinity.", nameof(x));
        }
    }

    private static Matrix<double> FromRowMajor(ReadOnlySpan<double> values, int examples, string name)
    {
        if (values.Length == 0 || values.Length % examples != 0)
        {
            throw new ArgumentException($"{values.Length} values do not form {examples} rows.", name);
        }

        int cols = values.Length / examples;
        var m = Matrix<double>.Build.Dense(examples, cols);
        for (int i = 0; i < examples; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                m[i, j] = values[(i * cols) + j];
            }
        }

        return m;
    }
}
