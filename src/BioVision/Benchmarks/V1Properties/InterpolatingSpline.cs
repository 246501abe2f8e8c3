using MathNet.Numerics.LinearAlgebra;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The interpolating cubic spline with not-a-knot ends, which is what SciPy's <c>UnivariateSpline(x, y, s=0)</c>
/// (FITPACK, k = 3, knots at the interior data points but the second and second-to-last) evaluates, including its
/// extrapolation with the end pieces. Hand-written because Math.NET's <c>CubicSpline</c> offers natural, clamped and
/// parabolic ends but not not-a-knot; the system is solved densely (curves here have at most 36 points).
/// </summary>
internal sealed class InterpolatingSpline
{
    private readonly double[] x;
    private readonly double[] y;
    private readonly double[] m;

    public InterpolatingSpline(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        int n = xs.Count;
        if (n < 4 || ys.Count != n)
        {
            throw new ArgumentException($"A cubic spline needs at least 4 points and as many values (got {n} and {ys.Count}).");
        }

        x = xs.ToArray();
        y = ys.ToArray();
        var h = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            h[i] = x[i + 1] - x[i];
            if (!(h[i] > 0))
            {
                throw new ArgumentException("Spline abscissae must increase strictly.", nameof(xs));
            }
        }

        var a = Matrix<double>.Build.Dense(n, n);
        var b = Vector<double>.Build.Dense(n);
        a[0, 0] = h[1];
        a[0, 1] = -(h[0] + h[1]);
        a[0, 2] = h[0];
        for (int i = 1; i < n - 1; i++)
        {
            a[i, i - 1] = h[i - 1];
            a[i, i] = 2 * (h[i - 1] + h[i]);
            a[i, i + 1] = h[i];
            b[i] = 6 * (((y[i + 1] - y[i]) / h[i]) - ((y[i] - y[i - 1]) / h[i - 1]));
        }

        a[n - 1, n - 3] = h[n - 2];
        a[n - 1, n - 2] = -(h[n - 3] + h[n - 2]);
        a[n - 1, n - 1] = h[n - 3];
        m = a.Solve(b).ToArray();
    }

    public double Evaluate(double t)
    {
        int i = Array.BinarySearch(x, t);
        i = i >= 0 ? i : ~i - 1;
        i = Math.Clamp(i, 0, x.Length - 2);
        double h = x[i + 1] - x[i];
        double u = x[i + 1] - t, v = t - x[i];
        return (m[i] * u * u * u / (6 * h)) + (m[i + 1] * v * v * v / (6 * h))
            + (((y[i] / h) - (m[i] * h / 6)) * u) + (((y[i + 1] / h) - (m[i + 1] * h / 6)) * v);
    }
}
