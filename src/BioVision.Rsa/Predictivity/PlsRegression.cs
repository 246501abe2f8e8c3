using BioVision.Rsa.RdmMethods;
using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Partial least squares regression (PLS2, NIPALS), a port of scikit-learn's <c>PLSRegression</c>: regression-mode
/// deflation, mode A weights, the same power-iteration start (first non-zero Y column), sign convention
/// (largest |x weight| positive) and coefficient formula coef = W (PᵀW)⁻¹ Qᵀ.
/// </summary>
public sealed class PlsRegression : LinearRegressionModel
{
    // The coefficients are features × targets, in original units of Y, applied to standardised X.
    private PlsRegression(Matrix<double> coefficients, Vector<double> xMean, Vector<double> xScale, Vector<double> yMean, int components)
        : base(coefficients, xMean, xScale, yMean) => Components = components;

    /// <summary>Number of components actually fitted.</summary>
    public int Components { get; }

    /// <summary>Regression coefficients (features × targets) for X after centring (and scaling, if requested).</summary>
    public double[,] Coefficients => WeightMatrix.ToArray();

    /// <summary>Fits PLS to examples × features <paramref name="x"/> and examples × targets <paramref name="y"/>.</summary>
    /// <param name="x">Predictors, one row per example.</param>
    /// <param name="y">Targets, one row per example.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="ArgumentException">Shapes disagree, fewer than 2 examples, or NaN/infinite values.</exception>
    public static PlsRegression Fit(double[,] x, double[,] y, PlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(ColumnMajor.FromArray(x), ColumnMajor.FromArray(y), options ?? new PlsOptions());
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

        // The work is done on the column-major storage of Xₖ and Yₖ, i.e. row-major Xₖᵀ (p rows of n) and Yₖᵀ, with the
        // vectorised kernels of RdmMethods.DenseKernels (Math.NET's managed matrix-vector products are several times slower).
        double[] xt = xk.AsColumnMajorArray() ?? throw new InvalidOperationException("PLS needs dense storage.");
        double[] yt = yk.AsColumnMajorArray() ?? throw new InvalidOperationException("PLS needs dense storage.");

        // C = XₖᵀYₖ (p × q, row-major), computed once; after the regression-mode deflation Xₖ₊₁ = Xₖ − t pᵀ,
        // Yₖ₊₁ = Yₖ − t qᵀ with p = Xₖᵀt / tᵀt and q = Yₖᵀt / tᵀt, it is exactly Cₖ − (tᵀt) p qᵀ: a rank-one update
        // instead of an n·p·q product per component.
        double[] cross = DenseKernels.Gram(xt, p, yt, q, n, symmetric: false);

        // M = CᵀC (q × q) for the x-weight iteration, also kept up to date by the rank-one update of C:
        // M′ = M − tᵀt (q vᵀ + v qᵀ) + (tᵀt)² (pᵀp) q qᵀ with v = Cᵀp, O(p·q) per component instead of O(p·q²).
        double[] m = q > 1 ? CrossGram(cross, p, q) : [];
        var t = new double[n];
        var pLoad = new double[p];
        var qLoad = new double[q];
        for (int k = 0; k < components; k++)
        {
            // Targets whose residual vanished are zeroed, as scikit-learn does.
            int start = -1;
            for (int j = 0; j < q; j++)
            {
                var column = yt.AsSpan(j * n, n);
                double largest = 0;
                foreach (double v in column)
                {
                    largest = Math.Max(largest, Math.Abs(v));
                }

                if (largest < 10 * eps)
                {
                    column.Clear();
                    for (int i = 0; i < p; i++)
                    {
                        cross[(i * q) + j] = 0;
                    }

                    if (m.Length > 0)
                    {
                        for (int i = 0; i < q; i++)
                        {
                            m[(i * q) + j] = m[(j * q) + i] = 0;
                        }
                    }
                }
                else if (start < 0 && largest > eps)
                {
                    start = j;
                }
            }

            if (start < 0)
            {
                break; // Y residual is zero: nothing left to explain.
            }

            double[] w = XWeights(cross, m, p, q, start, options, eps);
            int biggest = 0;
            for (int j = 1; j < p; j++)
            {
                if (Math.Abs(w[j]) > Math.Abs(w[biggest]))
                {
                    biggest = j;
                }
            }

            if (w[biggest] < 0)
            {
                for (int j = 0; j < p; j++)
                {
                    w[j] = -w[j];
                }
            }

            // t = Xₖ w, as per-chunk partial sums over the features (in parallel), added in chunk order (deterministic).
            int chunks = (p + 511) / 512;
            var partial = new double[chunks][];
            Parallel.For(0, chunks, chunk =>
            {
                var sum = new double[n];
                for (int j = chunk * 512; j < Math.Min(p, (chunk + 1) * 512); j++)
                {
                    if (w[j] != 0)
                    {
                        DenseKernels.Axpy(w[j], xt.AsSpan(j * n, n), sum);
                    }
                }

                partial[chunk] = sum;
            });
            Array.Clear(t);
            foreach (double[] sum in partial)
            {
                DenseKernels.Axpy(1, sum, t);
            }

            double tt = DenseKernels.Dot(t, t);
            if (!(tt > eps))
            {
                break; // X residual is exhausted.
            }

            // Loadings, then the in-place deflation of X and Y (no n × p temporaries) and the rank-one update of C.
            Parallel.For(0, (p + 255) / 256, chunk =>
            {
                for (int j = chunk * 256; j < Math.Min(p, (chunk + 1) * 256); j++)
                {
                    var row = xt.AsSpan(j * n, n);
                    pLoad[j] = DenseKernels.Dot(row, t) / tt;
                    DenseKernels.Axpy(-pLoad[j], t, row);
                }
            });

            for (int j = 0; j < q; j++)
            {
                var row = yt.AsSpan(j * n, n);
                qLoad[j] = DenseKernels.Dot(row, t) / tt;
                DenseKernels.Axpy(-qLoad[j], t, row);
            }

            if (m.Length > 0)
            {
                var v = new double[q]; // v = Cᵀp with the C before this update
                double pp = DenseKernels.Dot(pLoad, pLoad);
                for (int i = 0; i < p; i++)
                {
                    DenseKernels.Axpy(pLoad[i], cross.AsSpan(i * q, q), v);
                }

                for (int a = 0; a < q; a++)
                {
                    for (int b = 0; b < q; b++)
                    {
                        m[(a * q) + b] += (-tt * ((qLoad[a] * v[b]) + (v[a] * qLoad[b]))) + (tt * tt * pp * qLoad[a] * qLoad[b]);
                    }
                }
            }

            for (int i = 0; i < p; i++)
            {
                DenseKernels.Axpy(-tt * pLoad[i], qLoad, cross.AsSpan(i * q, q));
            }

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

    /// <summary>
    /// The NIPALS mode-A x weights for the current component. NIPALS alternates w ∝ Xᵀ(Y c) and c ∝ Yᵀ(X w) and carries
    /// only the normalised w, so its iterates are the power method w ← normalise(C Cᵀ w) with C = XᵀY, started at
    /// C's first non-zero column and stopped when ‖Δw‖² &lt; tolerance, as in scikit-learn. Each iterate is kept as
    /// w = C a with ‖C a‖ = 1, and the iteration runs on a ← M a with M = CᵀC (q × q): every quantity the loop needs is
    /// a q-space expression (‖C a‖² = aᵀMa, w′·w = a′ᵀMa), so a step costs O(q²) instead of O(p·q) — the same sequence
    /// of weights, at a cost independent of the number of features.
    /// </summary>
    private static double[] XWeights(double[] cross, double[] mData, int p, int q, int start, PlsOptions options, double eps)
    {
        var w = new double[p];
        if (q == 1)
        {
            double norm = Math.Sqrt(DenseKernels.Dot(cross, cross)) + eps;
            for (int j = 0; j < p; j++)
            {
                w[j] = cross[j] / norm;
            }

            return w;
        }

        Matrix<double> m = Matrix<double>.Build.Dense(q, q, (double[])mData.Clone()); // symmetric, so storage order is moot
        Vector<double> a = Vector<double>.Build.Dense(q);
        a[start] = 1 / (Math.Sqrt(Math.Max(m[start, start], 0)) + eps);
        for (int iter = 1; iter < options.MaxIterations; iter++)
        {
            Vector<double> ma = m * a;
            Vector<double> next = ma / (Math.Sqrt(Math.Max(ma.DotProduct(m * ma), 0)) + eps);
            double overlap = next.DotProduct(ma); // w′·w = a′ᵀ M a
            a = next;
            if (2 - (2 * overlap) < options.Tolerance)
            {
                break;
            }
        }

        double[] coefficients = a.ToArray();
        for (int i = 0; i < p; i++)
        {
            w[i] = DenseKernels.Dot(cross.AsSpan(i * q, q), coefficients);
        }

        return w;
    }

    /// <summary>CᵀC (q × q) of a row-major p × q matrix, accumulated row by row.</summary>
    private static double[] CrossGram(double[] cross, int p, int q)
    {
        var crossT = new double[q * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < q; j++)
            {
                crossT[(j * p) + i] = cross[(i * q) + j];
            }
        }

        return DenseKernels.Gram(crossT, q, crossT, q, p, symmetric: true);
    }

    private static (Matrix<double> Centered, Vector<double> Mean, Vector<double> Scale) Standardise(Matrix<double> m, bool scale)
    {
        // On a column-major copy: each column is contiguous, so centring and scaling are single passes.
        int n = m.RowCount, c = m.ColumnCount;
        double[] data = ColumnMajor.Copy(m);
        var mean = new double[c];
        var sd = new double[c];
        Parallel.For(0, c, new ParallelOptions { MaxDegreeOfParallelism = c < 256 ? 1 : -1 }, j =>
        {
            var column = data.AsSpan(j * n, n);
            double sum = 0;
            foreach (double v in column)
            {
                sum += v;
            }

            double mu = sum / n;
            mean[j] = mu;
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                column[i] -= mu;
                ss += column[i] * column[i];
            }

            double s = scale ? Math.Sqrt(ss / (n - 1)) : 1.0;
            sd[j] = s > 0 ? s : 1.0;
            if (scale && s > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    column[i] /= s;
                }
            }
        });
        return (Matrix<double>.Build.Dense(n, c, data), Vector<double>.Build.Dense(mean), Vector<double>.Build.Dense(sd));
    }
}
