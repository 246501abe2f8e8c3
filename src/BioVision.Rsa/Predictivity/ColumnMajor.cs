using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Predictivity;

/// <summary>Fast conversions to Math.NET's column-major dense storage (its DenseOfArray and per-element builders are slow on wide matrices).</summary>
internal static class ColumnMajor
{
    /// <summary>A dense matrix holding a copy of a row-major 2-D array.</summary>
    public static Matrix<double> FromArray(double[,] a)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var data = new double[a.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                data[(j * rows) + i] = a[i, j];
            }
        }

        return Matrix<double>.Build.Dense(rows, cols, data);
    }

    /// <summary>A column-major copy of the matrix's values.</summary>
    public static double[] Copy(Matrix<double> m)
    {
        if (m.AsColumnMajorArray() is { } storage)
        {
            return (double[])storage.Clone();
        }

        return m.ToColumnMajorArray();
    }

    /// <summary>The given rows of a matrix, in order, as a new dense matrix.</summary>
    public static Matrix<double> Rows(Matrix<double> m, IReadOnlyList<int> rows)
    {
        int n = m.RowCount, cols = m.ColumnCount, r = rows.Count;
        double[] source = m.AsColumnMajorArray() ?? m.ToColumnMajorArray();
        var data = new double[r * cols];
        for (int j = 0; j < cols; j++)
        {
            int from = j * n, to = j * r;
            for (int i = 0; i < r; i++)
            {
                data[to + i] = source[from + rows[i]];
            }
        }

        return Matrix<double>.Build.Dense(r, cols, data);
    }
}
