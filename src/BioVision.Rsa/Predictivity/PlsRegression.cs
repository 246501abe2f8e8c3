using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Partial least squares regression (PLS2, NIPALS), a port of scikit-learn's <c>PLSRegression</c>: regression-mode
/// deflation, mode A weights, the same power-iteration start (first non-zero Y column), sign convention
/// (largest |x weight| positive) and coefficient formula coef = W (PᵀW)⁻¹ Qᵀ.
/// </summary>
public sealed class PlsRegression
{
    private readonly Matrix<double> _coefficients; // features × targets, in original units of Y, applied to standardised X.
    private readonly Vector<double> _xMean, _xScale, _yMean;

    private PlsRegression(Matrix<double> coefficients, Vector<double> xMean, Vector<double> xScale, Vector<double> yMean, int components)
    {
        _coefficients = coefficients;
        _xMean = xMean;
        _xScale = xScale;
        _yMean = yMean;
        Components = components;
    }

    /// <summary>Number of components actually fitted.</summary>
    public int Components { get; }

    /// <summary>Regression coefficients (features × targets) for X after centring (and scaling, if requested).</summary>
    public double[,] Coefficients => _coefficients.ToArray();

    /// <summary>Fits PLS to examples × features <paramref name="x"/> and examples × targets <paramref name="y"/>.</summary>
    /// <param name="x">Predictors, one row per example.</param>
    /// <param name="y">Targets, one row per example.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="ArgumentException">Shapes disagree, fewer than 2 examples, or NaN/infinite values.</exception>
    public static PlsRegression Fit(double[,] x, double[,] y, PlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(Matrix<double>.Build.DenseOfArray(x), Matrix<double>.Build.DenseOfArray(y), options ?? new PlsOptions());
    }

    /// <summary>Predicts targets for new examples.</summary>
    /// <param name="x">Predictors, one row per example, same features as in fitting.</param>
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

        Matrix<double> xs = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => (x[i, j] - _xMean[j]) / _xScale[j]);
        Matrix<double> prediction = xs * _coefficients;
        for (int i = 0; i < prediction.RowCount; i++)
        {
            prediction.SetRow(i, prediction.Row(i) + _yMean);
        }

        return prediction;
    }

    internal static PlsRegression Fit(Matrix<double> x, Matrix<double> y, PlsOptions options)
    {
        RegressionInputs.Validate(x, y);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Components);
        int n = x.RowCount, p = x.ColumnCount, q = y.ColumnCount;
        (Matrix<double> xk, Vector<double> xMean, Vector<double> xScale) = Standardise(x, options.Scale);
        (Matrix<double> yk, Vector<double> yMean, Vector<double> yScale) = Standardise(y, options.Scale);
        int components = Math.Min(options.Components, Math.Min(p, n - 1));

        var weights = Matrix<double>.Build.Dense(p, components);
        var xLoadings = Matrix<double>.Build.Dense(p, components);
        var yLoadings = Matrix<double>.Build.Dense(q, components);
        int fitted = 0;
        const double eps = 2.220446049250313e-16;
        for (int k = 0; k < components; k++)
        {
            // Targets whose residual vanished are zeroed, as scikit-learn does.
            for (int j = 0; j < q; j++)
            {
                if (yk.Column(j).AbsoluteMaximum() < 10 * eps)
                {
                    yk.ClearColumn(j);
                }
            }

            int start = Enumerable.Range(0, q).FirstOrDefault(j => yk.Column(j).AbsoluteMaximum() > eps, -1);
            if (start < 0)
            {
                break; // Y residual is zero: nothing left to explain.
            }

            // NIPALS mode A alternates w ∝ Xᵀ(Y c) and c ∝ Yᵀ(X w); only the normalised w is carried between steps, so the
            // iteration is the power method w ← normalise(C Cᵀ w) with C = XᵀY (p × q). Iterating on C gives the same
            // sequence of weights as scikit-learn's loop at a cost of O(pq) instead of O(np) per step.
            Matrix<double> cross = xk.TransposeThisAndMultiply(yk);
            Vector<double> w = cross.Column(start);
            w /= Math.Sqrt(w.DotProduct(w)) + eps;
            if (q > 1)
            {
                for (int iter = 1; iter < options.MaxIterations; iter++)
                {
                    Vector<double> next = cross * cross.TransposeThisAndMultiply(w);
                    next /= Math.Sqrt(next.DotProduct(next)) + eps;
                    Vector<double> change = next - w;
                    w = next;
                    if (change.DotProduct(change) < options.Tolerance)
                    {
                        break;
                    }
                }
            }

            int biggest = w.AbsoluteMaximumIndex();
            if (w[biggest] < 0)
            {
                w = -w;
            }

            Vector<double> t = xk * w;
            double tt = t.DotProduct(t);
            if (!(tt > eps))
            {
                break; // X residual is exhausted.
            }

            Vector<double> pLoad = xk.TransposeThisAndMultiply(t) / tt;
            Vector<double> qLoad = yk.TransposeThisAndMultiply(t) / tt;
            xk -= t.OuterProduct(pLoad);
            yk -= t.OuterProduct(qLoad);
            weights.SetColumn(k, w);
            xLoadings.SetColumn(k, pLoad);
            yLoadings.SetColumn(k, qLoad);
            fitted++;
        }

        Matrix<double> coefficients;
        if (fitted == 0)
        {
            coefficients = Matrix<double>.Build.Dense(p, q);
        }
        else
        {
            Matrix<double> w = weights.SubMatrix(0, p, 0, fitted);
            Matrix<double> pl = xLoadings.SubMatrix(0, p, 0, fitted);
            Matrix<double> ql = yLoadings.SubMatrix(0, q, 0, fitted);
            Matrix<double> rotations = w * (pl.TransposeThisAndMultiply(w)).PseudoInverse();
            coefficients = rotations.TransposeAndMultiply(ql);
            for (int j = 0; j < q; j++)
            {
                coefficients.SetColumn(j, coefficients.Column(j) * yScale[j]);
            }
        }

        return new PlsRegression(coefficients, xMean, xScale, yMean, fitted);
    }

    private static (Matrix<double> Centered, Vector<double> Mean, Vector<double> Scale) Standardise(Matrix<double> m, bool scale)
    {
        int n = m.RowCount;
        Vector<double> mean = m.ColumnSums() / n;
        Vector<double> sd = Vector<double>.Build.Dense(m.ColumnCount, 1.0);
        Matrix<double> centered = Matrix<double>.Build.Dense(n, m.ColumnCount, (i, j) => m[i, j] - mean[j]);
        if (scale)
        {
            for (int j = 0; j < m.ColumnCount; j++)
            {
                double s = Math.Sqrt(centered.Column(j).DotProduct(centered.Column(j)) / (n - 1));
                sd[j] = s > 0 ? s : 1.0;
            }

            for (int j = 0; j < m.ColumnCount; j++)
            {
                centered.SetColumn(j, centered.Column(j) / sd[j]);
            }
        }

        return (centered, mean, sd);
    }
}
