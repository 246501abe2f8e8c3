namespace BioVision.Rsa.Predictivity;

/// <summary>
/// The per-neuron statistics of predictivity and reliability, one rule for every neural benchmark (macaque V4, mouse V1,
/// the device and host regressions): a neuron whose responses (or predictions) do not vary has no defined correlation,
/// so <see cref="Pearson"/> gives NaN and <see cref="NanMedian"/> leaves it out, as Brain-Score's median over neuroids
/// (xarray, skipping NaN) does. Counting such a neuron as r = 0 would pull the median down by the number of dead units.
/// </summary>
public static class NeuronStatistics
{
    /// <summary>Pearson r; NaN when either input has zero variance (a dead or saturated neuron).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({a.Length} and {b.Length}).", nameof(b));
        }

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

    /// <summary>Median of the non-NaN values (NumPy's <c>nanmedian</c>: the mean of the two middle values for an even count); NaN when there are none.</summary>
    /// <param name="values">The values.</param>
    public static double NanMedian(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0)
        {
            return double.NaN;
        }

        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
