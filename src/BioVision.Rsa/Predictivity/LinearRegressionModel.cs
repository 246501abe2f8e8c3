using BioVision.Rsa.RdmMethods;
using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// A fitted linear map from predictors to targets, as the regressions of this namespace produce it: X is centred by its
/// training means (and, for <see cref="PlsRegression"/>, divided by its training scales), multiplied by the weights
/// (features × targets) and shifted by the training means of Y. <see cref="PlsRegression"/> and
/// <see cref="RidgeRegression"/> differ only in how they fit the weights.
/// </summary>
public abstract class LinearRegressionModel
{
    private readonly Matrix<double> _weights;
    private readonly Vector<double> _xMean, _yMean;
    private readonly Vector<double>? _xScale;

    /// <summary>Keeps a fitted map.</summary>
    /// <param name="weights">Features × targets, applied to standardised X.</param>
    /// <param name="xMean">Training means of X.</param>
    /// <param name="xScale">Training scales of X (null: X is only centred).</param>
    /// <param name="yMean">Training means of Y.</param>
    private protected LinearRegressionModel(Matrix<double> weights, Vector<double> xMean, Vector<double>? xScale, Vector<double> yMean)
    {
        _weights = weights;
        _xMean = xMean;
        _xScale = xScale;
        _yMean = yMean;
    }

    /// <summary>The weights (features × targets) applied to X after centring (and scaling, where the model scales).</summary>
    private protected Matrix<double> WeightMatrix => _weights;

    /// <summary>Predicts targets for new examples.</summary>
    /// <param name="x">Predictors, one row per example, the same features as in fitting.</param>
    /// <exception cref="ArgumentException">Another number of features than the model was fitted on.</exception>
    public double[,] Predict(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Predict(ColumnMajor.FromArray(x)).ToArray();
    }

    internal Matrix<double> Predict(Matrix<double> x)
    {
        if (x.ColumnCount != _xMean.Count)
        {
            throw new ArgumentException($"X has {x.ColumnCount} features; the model was fitted on {_xMean.Count}.", nameof(x));
        }

        Matrix<double> prediction = Standardise(x, _xMean, _xScale) * _weights;
        for (int i = 0; i < prediction.RowCount; i++)
        {
            prediction.SetRow(i, prediction.Row(i) + _yMean);
        }

        return prediction;
    }

    /// <summary>(x - mean) / scale column by column (scale null: centring only), on a copy.</summary>
    private protected static Matrix<double> Standardise(Matrix<double> x, Vector<double> mean, Vector<double>? scale)
    {
        int rows = x.RowCount;
        double[] data = ColumnMajor.Copy(x);
        for (int j = 0; j < x.ColumnCount; j++)
        {
            double mu = mean[j];
            var column = data.AsSpan(j * rows, rows);
            if (scale is null)
            {
                for (int i = 0; i < rows; i++)
                {
                    column[i] -= mu;
                }
            }
            else
            {
                double sd = scale[j];
                for (int i = 0; i < rows; i++)
                {
                    column[i] = (column[i] - mu) / sd;
                }
            }
        }

        return Matrix<double>.Build.Dense(rows, x.ColumnCount, data);
    }
}
