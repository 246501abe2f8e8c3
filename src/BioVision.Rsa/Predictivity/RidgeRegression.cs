using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Ridge regression with an intercept and a penalty chosen from <see cref="RidgeOptions.Alphas"/> by exact
/// leave-one-out (LOO) cross-validation, the mean squared LOO error over all targets (as scikit-learn's <c>RidgeCV</c>).
/// Uses the eigendecomposition of XᵀX (features ≤ examples) or of XXᵀ (otherwise), so each alpha costs one pass.
/// </summary>
public sealed class RidgeRegression
{
    private readonly Matrix<double> _weights;
    private readonly Vector<double> _xMean, _yMean;

    private RidgeRegression(Matrix<double> weights, Vector<double> xMean, Vector<double> yMean, double alpha)
    {
        _weights = weights;
        _xMean = xMean;
        _yMean = yMean;
        Alpha = alpha;
    }

    /// <summary>The penalty chosen by leave-one-out.</summary>
    public double Alpha { get; }

    /// <summary>Weights (features × targets) applied to centred X.</summary>
    public double[,] Weights => _weights.ToArray();

    /// <summary>Fits ridge regression, choosing alpha by leave-one-out.</summary>
    /// <param name="x">Predictors, one row per example.</param>
    /// <param name="y">Targets, one row per example.</param>
    /// <param name="options">Options; defaults when null.</param>
    public static RidgeRegression Fit(double[,] x, double[,] y, RidgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(Matrix<double>.Build.DenseOfArray(x), Matrix<double>.Build.DenseOfArray(y), options ?? new RidgeOptions());
    }

    /// <summary>Predicts targets for new examples.</summary>
    /// <param name="x">Predictors, one row per example.</param>
    public double[,] Predict(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(Matrix<double>.Build.DenseOfArray(x)).ToArray();
    }

    internal Matrix<double> Predict(Matrix<double> x)
    {
        if (x.ColumnCount != _xMean.Count)
        {
            throw new ArgumentException($"X has {x.ColumnCount} features; the model was fitted on {_xMean.Count}.", nameof(x));
        }

        Matrix<double> centered = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => x[i, j] - _xMean[j]);
        Matrix<double> prediction = centered * _weights;
        for (int i = 0; i < prediction.RowCount; i++)
        {
            prediction.SetRow(i, prediction.Row(i) + _yMean);
        }

        return prediction;
    }

    internal static RidgeRegression Fit(Matrix<double> x, Matrix<double> y, RidgeOptions options)
    {
        RegressionInputs.Validate(x, y);
        if (options.Alphas.Count == 0 || options.Alphas.Any(a => !(a > 0) || !double.IsFinite(a)))
        {
            throw new ArgumentException("Ridge alphas must be a non-empty list of positive finite numbers.", nameof(options));
        }

        int n = x.RowCount, p = x.ColumnCount;
        Vector<double> xMean = x.ColumnSums() / n, yMean = y.ColumnSums() / n;
        Matrix<double> xc = Matrix<double>.Build.Dense(n, p, (i, j) => x[i, j] - xMean[j]);
        Matrix<double> yc = Matrix<double>.Build.Dense(n, y.ColumnCount, (i, j) => y[i, j] - yMean[j]);

        // Hat matrix of centred ridge: H = U diag(λ/(λ+α)) Uᵀ with U the left singular vectors of Xc, λ = s².
        // The intercept adds 1/n to every diagonal entry (LOO with intercept, as RidgeCV's GCV mode).
        // Primal (p ≤ n): XcᵀXc = V Λ Vᵀ, U = XcV/s, weights = V diag(1/(λ+α)) Vᵀ Xcᵀ yc.
        // Dual (p > n): XcXcᵀ = U Λ Uᵀ, weights = Xcᵀ U diag(1/(λ+α)) Uᵀ yc.
        bool primal = p <= n;
        var evd = (primal ? xc.TransposeThisAndMultiply(xc) : xc.TransposeAndMultiply(xc)).Evd(Symmetricity.Symmetric);
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

        Matrix<double> uSquared = u.PointwiseMultiply(u);
        Matrix<double> uty = u.TransposeThisAndMultiply(yc);
        double bestAlpha = options.Alphas[0], bestError = double.PositiveInfinity;
        foreach (double alpha in options.Alphas)
        {
            Vector<double> shrink = lambda.Map(l => l / (l + alpha));
            Matrix<double> fitted = u * Matrix<double>.Build.DenseOfMatrix(uty).PointwiseMultiply(Matrix<double>.Build.Dense(uty.RowCount, uty.ColumnCount, (k, _) => shrink[k]));
            Vector<double> hat = (uSquared * shrink).Add(1.0 / n);
            double error = 0;
            for (int i = 0; i < n; i++)
            {
                double denominator = Math.Max(1 - hat[i], 1e-12);
                for (int j = 0; j < yc.ColumnCount; j++)
                {
                    double residual = (yc[i, j] - fitted[i, j]) / denominator;
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
            weights = vectors * Matrix<double>.Build.Dense(p, yc.ColumnCount, (k, j) => vtXty[k, j] * inverse[k]);
        }
        else
        {
            weights = xc.TransposeThisAndMultiply(u * Matrix<double>.Build.Dense(n, yc.ColumnCount, (k, j) => uty[k, j] * inverse[k]));
        }

        return new RidgeRegression(weights, xMean, yMean, bestAlpha);
    }
}
