using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Embedding;

/// <summary>
/// Classical (Torgerson) multidimensional scaling: embeds n items in a few dimensions so that Euclidean distances
/// approximate a given distance matrix, via the top eigenvectors of the double-centred squared distances B = −½ J D⁽²⁾ J.
/// Exact (up to rotation/reflection) when the distances are Euclidean in that many dimensions.
/// </summary>
public static class ClassicalMds
{
    /// <summary>Embeds the items of a symmetric distance matrix (e.g. an RDM) in <paramref name="dimensions"/> dimensions.</summary>
    /// <param name="distances">n × n symmetric, non-negative, finite, zero diagonal (tolerance 1e-9 relative to the largest entry).</param>
    /// <param name="dimensions">Number of output dimensions (default 2).</param>
    /// <returns>n × dimensions coordinates, columns in decreasing eigenvalue order; a column whose eigenvalue is not positive is zero.</returns>
    /// <exception cref="ArgumentException">The matrix is not square, symmetric, finite and non-negative with zero diagonal.</exception>
    public static double[,] Embed(double[,] distances, int dimensions = 2)
    {
        ArgumentNullException.ThrowIfNull(distances);
        int n = distances.GetLength(0);
        if (n != distances.GetLength(1) || n < 2)
        {
            throw new ArgumentException($"MDS needs a square distance matrix of at least 2 items; got {distances.GetLength(0)}×{distances.GetLength(1)}.", nameof(distances));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (dimensions > n)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), $"Cannot embed {n} items in {dimensions} dimensions.");
        }

        double scale = 0;
        foreach (double d in distances)
        {
            if (!double.IsFinite(d) || d < 0)
            {
                throw new ArgumentException($"Distances must be finite and non-negative; found {d}.", nameof(distances));
            }

            scale = Math.Max(scale, d);
        }

        double tolerance = 1e-9 * Math.Max(scale, 1e-300);
        for (int i = 0; i < n; i++)
        {
            if (Math.Abs(distances[i, i]) > tolerance)
            {
                throw new ArgumentException($"The diagonal of a distance matrix must be zero; entry ({i}, {i}) is {distances[i, i]}.", nameof(distances));
            }

            for (int j = 0; j < i; j++)
            {
                if (Math.Abs(distances[i, j] - distances[j, i]) > tolerance)
                {
                    throw new ArgumentException($"The distance matrix is not symmetric at ({i}, {j}): {distances[i, j]} vs {distances[j, i]}.", nameof(distances));
                }
            }
        }

        // B = −½ J D² J, J = I − 11ᵀ/n (symmetrised first).
        Matrix<double> squared = Matrix<double>.Build.Dense(n, n, (i, j) => Math.Pow((distances[i, j] + distances[j, i]) / 2, 2));
        Vector<double> rowMeans = squared.RowSums() / n;
        double grand = rowMeans.Sum() / n;
        Matrix<double> b = Matrix<double>.Build.Dense(n, n, (i, j) => -0.5 * (squared[i, j] - rowMeans[i] - rowMeans[j] + grand));
        var evd = b.Evd(Symmetricity.Symmetric);
        double[] values = evd.EigenValues.Real().ToArray();
        int[] order = Enumerable.Range(0, n).OrderByDescending(k => values[k]).ToArray();
        var coordinates = new double[n, dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            double lambda = values[order[d]];
            if (lambda <= 0)
            {
                continue;
            }

            Vector<double> v = evd.EigenVectors.Column(order[d]);
            int biggest = v.AbsoluteMaximumIndex();
            double sign = v[biggest] < 0 ? -1 : 1; // deterministic reflection
            double s = Math.Sqrt(lambda) * sign;
            for (int i = 0; i < n; i++)
            {
                coordinates[i, d] = v[i] * s;
            }
        }

        return coordinates;
    }
}
