using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.RdmMethods;

/// <summary>Small helpers between rectangular arrays, flat row-major arrays and Math.NET matrices.</summary>
internal static class MatrixUtil
{
    public static double[] Flatten(double[,] m)
    {
        var flat = new double[m.Length];
        Buffer.BlockCopy(m, 0, flat, 0, flat.Length * sizeof(double));
        return flat;
    }

    public static double[,] Unflatten(double[] flat, int rows, int cols)
    {
        var m = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }

    public static double[,] Inverse(double[,] m, string what)
    {
        var inv = Matrix<double>.Build.DenseOfArray(m).Inverse();
        var result = inv.ToArray();
        foreach (double x in result)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"The {what} is singular and cannot be inverted.");
            }
        }

        return result;
    }

    public static void CheckSquare(double[,] m, int n, string what)
    {
        if (m.GetLength(0) != n || m.GetLength(1) != n)
        {
            throw new ArgumentException($"The {what} must be {n} × {n} (channels), got {m.GetLength(0)} × {m.GetLength(1)}.");
        }

        foreach (double x in m)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"The {what} contains a non-finite value.");
            }
        }
    }
}
