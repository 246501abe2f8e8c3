namespace BioVision.Rsa.Comparisons;

/// <summary>
/// Similarity of two dissimilarity vectors of equal length (Math.NET style small static functions). Inputs must be
/// free of NaN (see <see cref="RdmComparer"/>, which drops missing entries as rsatoolbox does).
/// </summary>
/// <remarks>
/// One rule for input without variation, applied by every similarity here and in <see cref="RdmComparer"/>: a vector
/// that carries no pattern (all zero for the methods that do not centre: cosine, whitened cosine and Bures; constant for
/// the centring and rank methods: Pearson, Spearman, ρ-a, τ-a, τ-b and whitened Pearson) has similarity exactly 0 with anything: it predicts nothing, and a score of 0 keeps means over
/// subjects and bootstrap samples finite. This is rsatoolbox's behaviour for cosine, Pearson and Spearman; scipy's τ-b
/// and rsatoolbox's Bures would give NaN there. The Bures metric, a distance, stays defined. Fewer than two entries throw.
/// </remarks>
public static class VectorComparisons
{
    /// <summary>Cosine similarity xᵀy / (‖x‖‖y‖); 0 when either vector is zero.</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double Cosine(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            xy += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        return xx > 0 && yy > 0 ? xy / Math.Sqrt(xx) / Math.Sqrt(yy) : 0;
    }

    /// <summary>Pearson correlation (cosine of the mean-centred vectors); 0 when either is constant.</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        return Cosine(Centre(x), Centre(y));
    }

    /// <summary>Spearman rank correlation: Pearson correlation of average ranks (tie-corrected).</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        return Pearson(Ranking.AverageRanks(x), Ranking.AverageRanks(y));
    }

    /// <summary>
    /// Spearman's ρ-a: 12 Σ (rᵢ − r̄)(sᵢ − s̄) / (n³ − n) with average ranks and no tie correction of the
    /// denominator (equals Spearman's ρ without ties; shrinks towards 0 with ties).
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double RhoA(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        var rx = Centre(Ranking.AverageRanks(x));
        var ry = Centre(Ranking.AverageRanks(y));
        double n = x.Length;
        double s = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            s += rx[i] * ry[i];
        }

        return s / ((n * n * n) - n) * 12;
    }

    /// <summary>
    /// Kendall's τ-a: (concordant − discordant) / (n(n−1)/2), ties counting as neither; O(n log n) (Knight's
    /// merge-sort algorithm). Clipped to [−1, 1].
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double KendallTauA(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        var (conMinusDis, tot, _, _) = KendallCounts(x, y);
        return Math.Clamp(conMinusDis / tot, -1, 1);
    }

    /// <summary>
    /// Kendall's τ-b (scipy's <c>kendalltau</c>): (C − D) / √((n₀ − n₁)(n₀ − n₂)), n₁ and n₂ the pairs tied in x and
    /// in y. 0 when either vector is constant (scipy gives NaN; see the class remarks). O(n log n).
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector.</param>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Check(x, y);
        var (conMinusDis, tot, xtie, ytie) = KendallCounts(x, y);
        if (xtie == tot || ytie == tot)
        {
            return 0; // constant input carries no order: the class's zero-variation rule
        }

        return Math.Clamp(conMinusDis / Math.Sqrt(tot - xtie) / Math.Sqrt(tot - ytie), -1, 1);
    }

    /// <summary>
    /// Kendall statistics of many vectors against one fixed vector <c>x</c>: the sort of <c>x</c> is done once
    /// (τ is symmetric, so sorting by either vector gives the same counts).
    /// </summary>
    internal sealed class KendallReference
    {
        private readonly int[] _order;
        private readonly int[] _runEnds;
        private readonly long _xTies;

        public KendallReference(ReadOnlySpan<double> x)
        {
            int n = x.Length;
            _order = new int[n];
            for (int i = 0; i < n; i++)
            {
                _order[i] = i;
            }

            var keys = x.ToArray();
            Array.Sort(keys, _order);
            var ends = new List<int>();
            for (int start = 0; start < n;)
            {
                int end = start + 1;
                while (end < n && keys[end] == keys[start])
                {
                    end++;
                }

                ends.Add(end);
                _xTies += (long)(end - start) * (end - start - 1) / 2;
                start = end;
            }

            _runEnds = [.. ends];
        }

        /// <summary>C − D, total pairs, pairs tied in the reference, pairs tied in <paramref name="y"/>.</summary>
        public (double ConMinusDis, double Total, double XTies, double YTies) Counts(ReadOnlySpan<double> y)
        {
            int n = _order.Length;
            if (y.Length != n)
            {
                throw new ArgumentException($"Vectors differ in length ({n} vs {y.Length}).");
            }

            var seq = new double[n];
            for (int k = 0; k < n; k++)
            {
                seq[k] = y[_order[k]];
            }

            long ntie = 0;
            int start = 0;
            foreach (int end in _runEnds)
            {
                if (end - start > 1)
                {
                    Array.Sort(seq, start, end - start);
                    int run = 1;
                    for (int k = start + 1; k <= end; k++)
                    {
                        if (k < end && seq[k] == seq[k - 1])
                        {
                            run++;
                        }
                        else
                        {
                            ntie += (long)run * (run - 1) / 2;
                            run = 1;
                        }
                    }
                }

                start = end;
            }

            long dis = CountInversions(seq, new double[n], 0, n);
            long ytie = 0;
            int r = 1;
            for (int i = 1; i <= n; i++)
            {
                if (i < n && seq[i] == seq[i - 1])
                {
                    r++;
                }
                else
                {
                    ytie += (long)r * (r - 1) / 2;
                    r = 1;
                }
            }

            long tot = (long)n * (n - 1) / 2;
            return (tot - _xTies - ytie + ntie - (2 * dis), tot, _xTies, ytie);
        }
    }

    /// <summary>τ-a or τ-b from Kendall counts.</summary>
    internal static double TauFromCounts((double ConMinusDis, double Total, double XTies, double YTies) c, bool tauB)
    {
        if (!tauB)
        {
            return Math.Clamp(c.ConMinusDis / c.Total, -1, 1);
        }

        return c.XTies == c.Total || c.YTies == c.Total ? 0
            : Math.Clamp(c.ConMinusDis / Math.Sqrt(c.Total - c.XTies) / Math.Sqrt(c.Total - c.YTies), -1, 1);
    }

    /// <summary>C − D, total pairs, pairs tied in x, pairs tied in y.</summary>
    internal static (double ConMinusDis, double Total, double XTies, double YTies) KendallCounts(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var xs = x.ToArray();
        var ys = y.ToArray();

        // Sort by x, then by y within runs of equal x (lexicographic order without a comparison delegate).
        var xKeys = (double[])xs.Clone();
        Array.Sort(xKeys, order);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && xKeys[end] == xKeys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var yKeys = new double[end - start];
                var items = new int[end - start];
                for (int k = start; k < end; k++)
                {
                    yKeys[k - start] = ys[order[k]];
                    items[k - start] = order[k];
                }

                Array.Sort(yKeys, items);
                items.CopyTo(order, start);
            }

            start = end;
        }

        long xtie = 0, ntie = 0;
        int run = 1, jointRun = 1;
        for (int i = 1; i <= n; i++)
        {
            bool sameX = i < n && xs[order[i]] == xs[order[i - 1]];
            bool sameXY = sameX && ys[order[i]] == ys[order[i - 1]];
            if (sameX)
            {
                run++;
            }
            else
            {
                xtie += (long)run * (run - 1) / 2;
                run = 1;
            }

            if (sameXY)
            {
                jointRun++;
            }
            else
            {
                ntie += (long)jointRun * (jointRun - 1) / 2;
                jointRun = 1;
            }
        }

        var seq = new double[n];
        for (int i = 0; i < n; i++)
        {
            seq[i] = ys[order[i]];
        }

        long dis = CountInversions(seq, new double[n], 0, n);

        // seq is now sorted: count ties in y.
        long ytie = 0;
        run = 1;
        for (int i = 1; i <= n; i++)
        {
            if (i < n && seq[i] == seq[i - 1])
            {
                run++;
            }
            else
            {
                ytie += (long)run * (run - 1) / 2;
                run = 1;
            }
        }

        long tot = (long)n * (n - 1) / 2;
        long conMinusDis = tot - xtie - ytie + ntie - (2 * dis);
        return (conMinusDis, tot, xtie, ytie);
    }

    /// <summary>Sorts a[lo..hi) ascending and returns the number of strict inversions (i &lt; j, a[i] &gt; a[j]).</summary>
    private static long CountInversions(double[] a, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2)
        {
            return 0;
        }

        if (hi - lo <= 16)
        {
            long inv = 0;
            for (int i = lo + 1; i < hi; i++)
            {
                double v = a[i];
                int j = i - 1;
                while (j >= lo && a[j] > v)
                {
                    a[j + 1] = a[j];
                    j--;
                    inv++;
                }

                a[j + 1] = v;
            }

            return inv;
        }

        int mid = (lo + hi) / 2;
        long count = CountInversions(a, buffer, lo, mid) + CountInversions(a, buffer, mid, hi);
        int l = lo, r = mid, k = lo;
        while (l < mid && r < hi)
        {
            if (a[l] <= a[r])
            {
                buffer[k++] = a[l++];
            }
            else
            {
                count += mid - l;
                buffer[k++] = a[r++];
            }
        }

        while (l < mid)
        {
            buffer[k++] = a[l++];
        }

        while (r < hi)
        {
            buffer[k++] = a[r++];
        }

        Array.Copy(buffer, lo, a, lo, hi - lo);
        return count;
    }

    /// <summary>x − mean(x); exactly zero for constant x (the rounded mean of equal values may differ from them by an ulp,
    /// which would otherwise leave a residue that normalisation blows up to a unit vector of rounding noise).</summary>
    internal static double[] Centre(ReadOnlySpan<double> x)
    {
        double mean = 0;
        bool constant = true;
        foreach (double v in x)
        {
            mean += v;
            constant &= v == x[0];
        }

        mean = constant && x.Length > 0 ? x[0] : mean / x.Length;
        var c = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            c[i] = x[i] - mean;
        }

        return c;
    }

    private static void Check(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({x.Length} vs {y.Length}).");
        }

        if (x.Length < 2)
        {
            throw new ArgumentException("At least two entries are needed to compare vectors.");
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
            {
                throw new ArgumentException($"Entry {i} is NaN; drop missing entries first (RdmComparer does).");
            }
        }
    }
}
