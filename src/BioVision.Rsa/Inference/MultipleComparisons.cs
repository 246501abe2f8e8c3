namespace BioVision.Rsa.Inference;

/// <summary>Adjustments of p-values for many tests at once.</summary>
public static class MultipleComparisons
{
    /// <summary>
    /// Benjamini-Hochberg false-discovery-rate adjusted p-values (q-values), as R's <c>p.adjust(p, "BH")</c> and
    /// statsmodels' <c>multipletests(p, method="fdr_bh")</c>: q(i) = min over ranks k &gt;= rank(i) of p(k) m / k, capped at 1,
    /// with m the number of finite p-values. Non-finite entries (NaN: an undefined test) are not counted and stay NaN.
    /// Ties keep the adjusted value of their shared rank. Laws: q &gt;= p, q &lt;= 1, and q preserves the order of p.
    /// </summary>
    /// <param name="p">P-values in [0, 1] or NaN.</param>
    /// <returns>The adjusted values, in the input order.</returns>
    /// <exception cref="ArgumentException">A finite value outside [0, 1].</exception>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var q = new double[p.Count];
        Array.Fill(q, double.NaN);
        var finite = Enumerable.Range(0, p.Count).Where(i => double.IsFinite(p[i])).ToArray();
        foreach (int i in finite)
        {
            if (p[i] is < 0 or > 1)
            {
                throw new ArgumentException($"p-value {p[i]} at index {i} is outside [0, 1].", nameof(p));
            }
        }

        var order = finite.OrderBy(i => p[i]).ToArray();
        int m = order.Length;
        double running = 1;
        for (int k = m - 1; k >= 0; k--)
        {
            running = Math.Min(running, p[order[k]] * m / (k + 1));
            q[order[k]] = running;
        }

        return q;
    }
}
