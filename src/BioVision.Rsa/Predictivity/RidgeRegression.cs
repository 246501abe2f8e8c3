using BioVision.Rsa.RdmMethods;
using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Ridge regression with an intercept and a penalty chosen from <see cref="RidgeOptions.Alphas"/> by exact
/// leave-one-out (LOO) cross-validation, the mean squared LOO error over all targets (as scikit-learn's <c>RidgeCV</c>).
/// Uses the eigendecomposition of XᵀX (features ≤ examples) or of XXᵀ (otherwise), so each alpha costs one pass.
/// </summary>
public sealed class RidgeRegression : LinearRegressionModel
{

    private RidgeRegression(Matrix<double> weights, Vector<double> xMean, Vector<double> yMean, double alpha)
        : base(weights, xMean, null, yMean) => Alpha = alpha;

    /// <summary>The penalty chosen by leave-one-out.</summary>
    public double Alpha { get; }

    /// <summary>Weights (features × targets) applied to centred X.</summary>
    public double[,] Weights => WeightMatrix.ToArray();

    /// <summary>Fits ridge regression, choosing alpha by leave-one-out.</summary>
    /// <param name="x">Predictors, one row per example.</param>
    /// <param name="y">Targets, one row per example.</param>
    /// <param name="options">Options; defaults when null.</param>
    public static RidgeRegression Fit(double[,] x, double[,] y, RidgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(ColumnMajor.FromArray(x), ColumnMajor.FromArray(y), options ?? new RidgeOptions());
    }

    internal static RidgeRegression Fit(Matrix<double> x, Matrix<double> y, RidgeOptions options)
    {
        RegressionInputs.Validate(x, y);
        if (options.Alphas.Count == 0 || options.Alphas.Any(a => !(a > 0) || !double.IsFinite(a)))
        {
            throw new ArgumentException("Ridge alphas must be a non-empty list of positive finite numbers.", nameof(options));
        }

        int n = x.RowCount, p = x.ColumnCount, q = y.ColumnCount;
        Vector<double> xMean = x.ColumnSums() / n, yMean = y.ColumnSums() / n;
        Matrix<double> xc = Standardise(x, xMean, null);
        Matrix<double> yc = Standardise(y, yMean, null);
        double[] xt = xc.AsColumnMajorArray()!; // row-major Xcᵀ: p rows of n

        // Hat matrix of centred ridge: H = U diag(λ/(λ+α)) Uᵀ with U the left singular vectors of Xc, λ = s².
        // The intercept adds 1/n to every diagonal entry (LOO with intercept, as RidgeCV's GCV mode).
        // Primal (p ≤ n): XcᵀXc = V Λ Vᵀ, U = XcV/s, weights = V diag(1/(λ+α)) Vᵀ Xcᵀ yc.
        // Dual (p > n): XcXcᵀ = U Λ Uᵀ, weights = Xcᵀ U diag(1/(λ+α)) Uᵀ yc.
        // The Gram matrix is formed once per fit with the vectorised kernels; every alpha then costs O(n²q).
        bool primal = p <= n;
        double[] gram;
        if (primal)
        {
            gram = DenseKernels.Gram(xt, p, xt, p, n, symmetric: true);
        }
        else
        {
            var xr = new double[n * p]; // row-major Xc
            for (int j = 0; j < p; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    xr[(i * p) + j] = xt[(j * n) + i];
                }
            }

            gram = DenseKernels.Gram(xr, n, xr, n, p, symmetric: true);
        }

        int size = primal ? p : n;
        var evd = Matrix<double>.Build.Dense(size, size, gram).Evd(Symmetricity.Symmetric);
        Vector<double> lambda = evd.EigenValues.Real().Map(l => Math.Max(l, 0));
        Matrix<double> vectors = evd.EigenVectors;
        Matrix<double> u;
        if (primal)
        {
            u = xc * vectors; // columns scaled by s: U·S.
            for (int k = 0; k < lambda.Count; k++)
            {
                double s = Math.Sqrt(lambda[k]);
                u.SetColumn(k, s > 1e-12 ? u.Column(k) / s : Vector<double>.Build.Dense(n));
            }
        }
        else
        {
            u = vectors;
        }

        int rank = u.ColumnCount;
        double[] ur = u.ToRowMajorArray(); // row-major n × rank
        var uSquared = new double[n * rank];
        for (int k = 0; k < ur.Length; k++)
        {
            uSquared[k] = ur[k] * ur[k];
        }

        Matrix<double> uty = u.TransposeThisAndMultiply(yc); // rank × q
        double[] ycr = yc.ToRowMajorArray();
        var scaledT = new double[q * rank]; // (diag(shrink) Uᵀy)ᵀ, row-major q × rank
        var hat = new double[n];
        double bestAlpha = options.Alphas[0], bestError = double.PositiveInfinity;
        foreach (double alpha in options.Alphas)
        {
            var shrink = new double[rank];
            for (int k = 0; k < rank; k++)
            {
                shrink[k] = lambda[k] / (lambda[k] + alpha);
                for (int j = 0; j < q; j++)
                {
                    scaledT[(j * rank) + k] = uty[k, j] * shrink[k];
                }
            }

            double[] fitted = DenseKernels.Gram(ur, n, scaledT, q, rank, symmetric: false); // n × q
            double error = 0;
            for (int i = 0; i < n; i++)
            {
                double h = DenseKernels.Dot(uSquared.AsSpan(i * rank, rank), shrink) + (1.0 / n);
                double denominator = Math.Max(1 - h, 1e-12);
                for (int j = 0; j < q; j++)
                {
                    double residual = (ycr[(i * q) + j] - fitted[(i * q) + j]) / denominator;
                    error += residual * residual;
                }
            }

            if (error < bestError)
            {
                bestError = error;
                bestAlpha = alpha;
            }
        }

        Vector<double> inverse = lambda.Map(l => 1 / (l + bestAlpha));
        Matrix<double> weights;
        if (primal)
        {
            Matrix<double> vtXty = vectors.TransposeThisAndMultiply(xc.TransposeThisAndMultiply(yc));
            weights = vectors * Matrix<double>.Build.Dense(p, q, (k, j) => vtXty[k, j] * inverse[k]);
        }
        else
        {
            // weights = Xcᵀ D with D = U diag(1/(λ+α)) Uᵀ yc (n × q): p dot products of length n per target.
            Matrix<double> d = u * Matrix<double>.Build.Dense(n, q, (k, j) => uty[k, j] * inverse[k]);
            double[] dT = d.AsColumnMajorArray() ?? d.ToColumnMajorArray(); // row-major Dᵀ: q rows of n
            weights = Matrix<double>.Build.DenseOfRowMajor(p, q, DenseKernels.Gram(xt, p, dT, q, n, symmetric: false));
        }

        return new RidgeRegression(weights, xMean, yMean, bestAlpha);
    }
}
