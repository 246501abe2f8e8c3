namespace BioVision.Rsa.Predictivity;

/// <summary>Small statistics helpers for predictivity and reliability.</summary>
internal static class Statistics
{
    /// <summary>Pearson r; NaN when either input has zero variance.</summary>
    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    /// <summary>Median of the non-NaN values; NaN when there are none.</summary>
    public static double NanMedian(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0)
        {
            return double.NaN;
        }

        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
