using BioVision.Rsa.Predictivity;
using Xunit;

namespace BioVision.Rsa.Tests.Predictivity;

/// <summary>PLS against a one-component case worked by hand, and laws (full-rank PLS = least squares; scale invariance).</summary>
public class PlsRegressionTests
{
    [Fact]
    public void OneComponentPls1_MatchesTheHandFormula()
    {
        // Hand derivation for one component and one target (X, y centred): w = Xᵀy/‖Xᵀy‖, t = Xw, ŷ = ȳ + t·(tᵀy)/(tᵀt).
        double[,] x = { { 1, 2 }, { 2, 0 }, { 3, 5 }, { 4, 1 }, { 5, 7 } };
        double[] yv = { 1.0, 2.5, 2.0, 4.5, 4.0 };
        double[,] y = new double[5, 1];
        for (int i = 0; i < 5; i++)
        {
            y[i, 0] = yv[i];
        }

        double[] xm = { 3, 3 }; // column means
        double ym = yv.Average();
        double[] w = { 0, 0 };
        for (int i = 0; i < 5; i++)
        {
            w[0] += (x[i, 0] - xm[0]) * (yv[i] - ym);
            w[1] += (x[i, 1] - xm[1]) * (yv[i] - ym);
        }

        double norm = Math.Sqrt((w[0] * w[0]) + (w[1] * w[1]));
        w[0] /= norm;
        w[1] /= norm;
        double[] t = Enumerable.Range(0, 5).Select(i => ((x[i, 0] - xm[0]) * w[0]) + ((x[i, 1] - xm[1]) * w[1])).ToArray();
        double beta = Enumerable.Range(0, 5).Sum(i => t[i] * (yv[i] - ym)) / t.Sum(v => v * v);

        double[,] predicted = PlsRegression.Fit(x, y, new PlsOptions { Components = 1 }).Predict(x);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(ym + (beta * t[i]), predicted[i, 0], 1e-12);
        }
    }

    [Fact]
    public void FullRankPls_EqualsOrdinaryLeastSquares()
    {
        // Law: with as many components as (independent) features, PLS spans the column space of X and equals OLS.
        var rng = new Random(3);
        int n = 40, p = 4;
        var x = new double[n, p];
        var y = new double[n, 2];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                x[i, j] = rng.NextDouble();
            }

            y[i, 0] = rng.NextDouble();
            y[i, 1] = rng.NextDouble() + x[i, 0];
        }

        var design = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, p + 1, (i, j) => j == p ? 1 : x[i, j]);
        var ym = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(y);
        var ols = design * design.Solve(ym);
        double[,] pls = PlsRegression.Fit(x, y, new PlsOptions { Components = p }).Predict(x);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(ols[i, 0], pls[i, 0], 1e-8);
            Assert.Equal(ols[i, 1], pls[i, 1], 1e-8);
        }
    }

    [Fact]
    public void MultiTargetPls_MatchesScikitLearnsNipalsLoopWrittenOut()
    {
        // scikit-learn's PLSRegression.fit (mode A, regression deflation, scale=False) written out literally with
        // X/Y scores, as an oracle for the library's equivalent power iteration on XᵀY. Tolerance 1e-8.
        var rng = new Random(11);
        int n = 30, p = 6, q = 4, components = 3;
        var x = new double[n, p];
        var y = new double[n, q];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                x[i, j] = rng.NextDouble();
            }

            for (int j = 0; j < q; j++)
            {
                y[i, j] = rng.NextDouble() + (x[i, j] * (j + 1));
            }
        }

        var build = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build;
        var xm = build.DenseOfArray(x);
        var ym = build.DenseOfArray(y);
        var xMean = xm.ColumnSums() / n;
        var yMean = ym.ColumnSums() / n;
        var xk = build.Dense(n, p, (i, j) => x[i, j] - xMean[j]);
        var yk = build.Dense(n, q, (i, j) => y[i, j] - yMean[j]);
        var w = build.Dense(p, components);
        var pl = build.Dense(p, components);
        var ql = build.Dense(q, components);
        for (int k = 0; k < components; k++)
        {
            var yScore = yk.Column(0);
            var xWeights = yScore;
            MathNet.Numerics.LinearAlgebra.Vector<double>? old = null;
            for (int iter = 0; iter < 500; iter++)
            {
                xWeights = xk.TransposeThisAndMultiply(yScore) / yScore.DotProduct(yScore);
                xWeights /= xWeights.L2Norm();
                var xScore = xk * xWeights;
                var yWeights = yk.TransposeThisAndMultiply(xScore) / xScore.DotProduct(xScore);
                yScore = yk * yWeights / yWeights.DotProduct(yWeights);
                if (old is not null && (xWeights - old).DotProduct(xWeights - old) < 1e-6)
                {
                    break;
                }

                old = xWeights;
            }

            if (xWeights[xWeights.AbsoluteMaximumIndex()] < 0)
            {
                xWeights = -xWeights;
            }

            var t = xk * xWeights;
            var pk = xk.TransposeThisAndMultiply(t) / t.DotProduct(t);
            var qk = yk.TransposeThisAndMultiply(t) / t.DotProduct(t);
            xk -= t.OuterProduct(pk);
            yk -= t.OuterProduct(qk);
            w.SetColumn(k, xWeights);
            pl.SetColumn(k, pk);
            ql.SetColumn(k, qk);
        }

        var coef = w * pl.TransposeThisAndMultiply(w).Inverse() * ql.Transpose();
        var expected = build.Dense(n, p, (i, j) => x[i, j] - xMean[j]) * coef;
        double[,] actual = PlsRegression.Fit(x, y, new PlsOptions { Components = components }).Predict(x);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < q; j++)
            {
                Assert.Equal(expected[i, j] + yMean[j], actual[i, j], 1e-8);
            }
        }
    }

    [Fact]
    public void ScaledPls_IsInvariantToRescalingFeatures()
    {
        var rng = new Random(4);
        var x = new double[30, 5];
        var x2 = new double[30, 5];
        var y = new double[30, 3];
        for (int i = 0; i < 30; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                x[i, j] = rng.NextDouble();
                x2[i, j] = x[i, j] * (j + 1) * 10;
            }

            for (int j = 0; j < 3; j++)
            {
                y[i, j] = rng.NextDouble() + x[i, j];
            }
        }

        var options = new PlsOptions { Components = 2, Scale = true };
        double[,] a = PlsRegression.Fit(x, y, options).Predict(x);
        double[,] b = PlsRegression.Fit(x2, y, options).Predict(x2);
        for (int i = 0; i < 30; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(a[i, j], b[i, j], 1e-8);
            }
        }
    }

    [Fact]
    public void ComponentsAreCappedAtTheNumberOfFeatures()
        => Assert.Equal(2, PlsRegression.Fit(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 2, 0 } }, new double[,] { { 1 }, { 2 }, { 3 }, { 1 } }).Components);

    [Fact]
    public void NaNInput_IsRejected()
        => Assert.Throws<ArgumentException>(() => PlsRegression.Fit(new double[,] { { double.NaN }, { 1 } }, new double[,] { { 1 }, { 2 } }));
}
