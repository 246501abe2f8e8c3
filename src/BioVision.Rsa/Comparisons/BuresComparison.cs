using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Rsa.Comparisons;

/// <summary>Bures similarity and metric between the second-moment matrices implied by two RDMs.</summary>
internal static class BuresComparison
{
    /// <summary>A prepared RDM: its centred second moment G, √G (negative eigenvalues clipped) and tr G.</summary>
    internal sealed record Prepared(Matrix<double> G, Matrix<double> Sqrt, double Trace);

    public static Prepared Prepare(ReadOnlySpan<double> vector, int n)
    {
        var g = Matrix<double>.Build.Dense(n, n);
        int p = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                g[i, j] = g[j, i] = -0.5 * vector[p++];
            }
        }

        var colMean = g.ColumnSums() / n;
        double grand = colMean.Sum() / n;
        var full = Matrix<double>.Build.Dense(n, n, (i, j) => g[i, j] - colMean[j] - colMean[i] + grand);

        // The centred G always has the constant vector in its null space. Expressing it in an orthonormal (Helmert)
        // basis of the complement removes that exact zero eigenvalue, whose rounding (±1e-17) would otherwise add
        // √ε ≈ 1e-9 noise to the fidelity. Bures quantities are invariant under this orthogonal change of basis.
        var q = Matrix<double>.Build.Dense(n, n - 1, (i, k) =>
        {
            int m = k + 1;
            double norm = Math.Sqrt(m * (m + 1.0));
            return i < m ? 1 / norm : i == m ? -m / norm : 0;
        });
        var centred = q.TransposeThisAndMultiply(full) * q;
        centred = (centred + centred.Transpose()) / 2;
        var evd = centred.Evd(Symmetricity.Symmetric);
        var u = evd.EigenVectors;
        var s = evd.EigenValues.Map(z => Math.Sqrt(Math.Max(z.Real, 0)));
        var sqrt = u * Matrix<double>.Build.DiagonalOfDiagonalVector(s) * u.Transpose();
        return new Prepared(centred, sqrt, centred.Trace());
    }

    public static double Compare(Prepared a, Prepared b, bool metric)
    {
        var m = a.Sqrt * b.G * a.Sqrt;
        m = (m + m.Transpose()) / 2;
        var ev = m.Evd(Symmetricity.Symmetric).EigenValues;
        double fidelity = ev.Sum(z => Math.Sqrt(Math.Max(z.Real, 0)));
        if (metric)
        {
            return a.Trace + b.Trace - (2 * fidelity);
        }

        // A zero second moment (an all-zero RDM) has no geometry: similarity 0 (VectorComparisons' zero-variation rule).
        return a.Trace > 0 && b.Trace > 0 ? fidelity / Math.Sqrt(a.Trace * b.Trace) : 0;
    }
}
