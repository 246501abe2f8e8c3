namespace BioVision.V1;

/// <summary>Small numerical helpers that behave like the NumPy/SciPy calls the reference sampler makes.</summary>
internal static class NumpyCompat
{
    /// <summary>
    /// <c>np.interp(x, xp, fp)</c> for one point: piecewise linear, clamped to <c>fp[0]</c> / <c>fp[^1]</c> outside
    /// <c>xp</c>, evaluated as <c>slope · (x − xp[j]) + fp[j]</c> on the last interval with <c>xp[j] ≤ x</c>.
    /// </summary>
    public static double Interp(double x, ReadOnlySpan<double> xp, ReadOnlySpan<double> fp)
    {
        int n = xp.Length;
        if (n == 0 || fp.Length != n)
        {
            throw new ArgumentException("interp needs non-empty xp and fp of equal length.", nameof(xp));
        }

        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < xp[0])
        {
            return fp[0];
        }

        if (x >= xp[n - 1])
        {
            return fp[n - 1];
        }

        int j = 0;
        while (j + 1 < n && xp[j + 1] <= x)
        {
            j++;
        }

        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        double result = (slope * (x - xp[j])) + fp[j];
        if (double.IsNaN(result))
        {
            result = (slope * (x - xp[j + 1])) + fp[j + 1];
            if (double.IsNaN(result) && fp[j] == fp[j + 1])
            {
                result = fp[j];
            }
        }

        return result;
    }

    /// <summary>Cumulative sum with a leading zero: <c>np.hstack(([0], p.cumsum()))</c>.</summary>
    public static double[] CumulativeWithZero(ReadOnlySpan<double> p)
    {
        var result = new double[p.Length + 1];
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += p[i];
            result[i + 1] = sum;
        }

        return result;
    }

    /// <summary>Divides by the sequential sum, as <c>p / p.sum()</c> for short arrays.</summary>
    public static double[] Normalise(ReadOnlySpan<double> p)
    {
        double sum = 0;
        foreach (double v in p)
        {
            sum += v;
        }

        var result = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            result[i] = p[i] / sum;
        }

        return result;
    }

    /// <summary><c>np.logspace(start, stop, num)</c> with base 10, using NumPy's linspace arithmetic.</summary>
    public static double[] LogSpace(double start, double stop, int num)
    {
        var y = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++)
        {
            y[i] = (i * step) + start;
        }

        y[num - 1] = stop;
        for (int i = 0; i < num; i++)
        {
            y[i] = Math.Pow(10.0, y[i]);
        }

        return y;
    }

    /// <summary>The standard normal CDF, <c>scipy.stats.norm.cdf(x) = ½ erfc(−x/√2)</c>.</summary>
    public static double NormalCdf(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2.0));
}
