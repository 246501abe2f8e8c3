using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>Shared validation of regression inputs.</summary>
internal static class RegressionInputs
{
    public static void Validate(Matrix<double> x, Matrix<double> y)
    {
        if (x.RowCount != y.RowCount)
        {
            throw new ArgumentException($"X has {x.RowCount} examples but Y has {y.RowCount}.", nameof(y));
        }

        if (x.RowCount < 2)
        {
            throw new ArgumentException($"Regression needs at least 2 examples; got {x.RowCount}.", nameof(x));
        }

        if (x.ColumnCount == 0 || y.ColumnCount == 0)
        {
            throw new ArgumentException("X or Y has no columns.", nameof(x));
        }

        if (x.Enumerate().Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("X contains NaN or infinity.", nameof(x));
        }

        if (y.Enumerate().Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Y contains NaN or infinity.", nameof(y));
        }
    }
}
