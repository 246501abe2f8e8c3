using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Fast evaluation of bootstrap draws for the plain dot-product methods (cosine, Pearson, Spearman, ρ-a) on NaN-free
/// RDMs: the per-RDM vectors (and, for rank methods, dense tie keys of the original values) are prepared once, and a
/// draw is evaluated by gathering each distinct RDM through a map from the draw's pairs to original pairs, so no
/// resampled <see cref="Rdms"/> collections are built. Gives the same numbers as the general path up to rounding.
/// </summary>
internal sealed class DrawEvaluator
{
    private readonly double[][] _models;
    private readonly double[][] _data;
    private readonly int[][]? _modelKeys;
    private readonly int[][]? _dataKeys;
    private readonly List<int[]> _groups;
    private readonly ComparisonMethod _method;
    private readonly int _conditions;
    private readonly int _pairs;

    private DrawEvaluator(Rdms models, Rdms data, ComparisonMethod method, List<int[]> groups)
    {
        _method = method;
        _groups = groups;
        _conditions = data.Conditions;
        _pairs = data.Pairs;
        _models = Enumerable.Range(0, models.Count).Select(i => models.Vector(i).ToArray()).ToArray();
        _data = Enumerable.Range(0, data.Count).Select(i => data.Vector(i).ToArray()).ToArray();
        if (IsRank)
        {
            _modelKeys = _models.Select(DenseKeys).ToArray();
            _dataKeys = _data.Select(DenseKeys).ToArray();
        }
    }

    private bool IsRank => _method is ComparisonMethod.Spearman or ComparisonMethod.RhoA;

    /// <summary>An evaluator when the fast path applies (supported method, NaN-free RDMs of equal size), else null.</summary>
    internal static DrawEvaluator? TryCreate(Rdms models, Rdms data, ComparisonMethod method, string? descriptor)
    {
        if (method is not (ComparisonMethod.Cosine or ComparisonMethod.Pearson or ComparisonMethod.Spearman or ComparisonMethod.RhoA)
            || models.Pairs != data.Pairs || data.Conditions < 2 || HasNaN(models) || HasNaN(data))
        {
            return null;
        }

        return new DrawEvaluator(models, data, method, NoiseCeilings.Groups(data, descriptor));
    }

    /// <summary>Evaluates one draw (null when the draw is degenerate and must go through the general path).</summary>
    internal DrawEvaluation? Evaluate(BootstrapDraw draw)
    {
        // Sample rows (original RDM indices) and the noise-ceiling groups of sample positions.
        int[] rows;
        List<int[]> ncGroups;
        if (draw.RdmIndices is { } rdmIdx)
        {
            var list = new List<int>();
            var byGroup = new Dictionary<int, List<int>>();
            var order = new List<int>();
            foreach (int g in rdmIdx)
            {
                if (g < 0 || g >= _groups.Count)
                {
                    return null; // the general path reports the error
                }

                if (!byGroup.TryGetValue(g, out var positions))
                {
                    positions = [];
                    byGroup[g] = positions;
                    order.Add(g);
                }

                foreach (int r in _groups[g])
                {
                    positions.Add(list.Count);
                    list.Add(r);
                }
            }

            rows = [.. list];
            ncGroups = order.Select(g => byGroup[g].ToArray()).ToList();
        }
        else
        {
            rows = Enumerable.Range(0, _data.Length).ToArray();
            ncGroups = _groups;
        }

        int[]? map = null;
        if (draw.PatternIndices is { } patterns)
        {
            var sorted = patterns.ToArray();
            if (sorted.Length < 2)
            {
                return null;
            }

            Array.Sort(sorted);
            if (sorted[0] < 0 || sorted[^1] >= _conditions)
            {
                return null;
            }

            var pairs = new List<int>(CondensedIndex.PairCount(sorted.Length));
            for (int a = 0; a < sorted.Length; a++)
            {
                for (int b = a + 1; b < sorted.Length; b++)
                {
                    if (sorted[a] != sorted[b])
                    {
                        pairs.Add(CondensedIndex.Of(sorted[a], sorted[b], _conditions));
                    }
                }
            }

            if (pairs.Count < 2)
            {
                return null;
            }

            map = [.. pairs];
        }

        // Prepare (pooling transform) and embed each distinct data RDM once.
        var prepared = new double[_data.Length][];
        var embedded = new double[_data.Length][];
        foreach (int r in rows)
        {
            if (embedded[r] is null)
            {
                (prepared[r], embedded[r]) = PrepareAndEmbed(_data[r], _dataKeys?[r], map);
            }
        }

        int mCount = _models.Length;
        var evals = new double[mCount];
        for (int j = 0; j < mCount; j++)
        {
            var modelEmbedding = PrepareAndEmbed(_models[j], _modelKeys?[j], map).Embedded;
            double s = 0;
            int n = 0;
            foreach (int r in rows)
            {
                double v = RdmMethods.DenseKernels.Dot(modelEmbedding, embedded[r]);
                if (!double.IsNaN(v))
                {
                    s += v;
                    n++;
                }
            }

            evals[j] = s / n;
        }

        if (ncGroups.Count < 2)
        {
            return new DrawEvaluation(evals, new NoiseCeiling(double.NaN, double.NaN));
        }

        var nc = IsRank ? RankNoiseCeiling(rows, ncGroups, prepared, embedded) : GramNoiseCeiling(rows, ncGroups, prepared);
        return new DrawEvaluation(evals, nc);
    }

    /// <summary>
    /// Leave-one-out noise ceiling for cosine / Pearson from the Gram matrix of the prepared vectors: a pooled RDM is
    /// the mean of prepared vectors (already centred for Pearson, so the minimum shift and centring change nothing),
    /// its embedding S/‖S‖ for the sum S, and each held-out embedding is its prepared vector / √m.
    /// </summary>
    private static NoiseCeiling GramNoiseCeiling(int[] rows, List<int[]> ncGroups, double[][] prepared)
    {
        int n = rows.Length;
        int m = prepared[rows[0]].Length;
        var gram = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                gram[a, b] = gram[b, a] = b < a && rows[a] == rows[b] ? gram[b, b] : Dot(prepared[rows[a]], prepared[rows[b]]);
            }
        }

        double scale = 1 / Math.Sqrt(m);
        var inGroup = new bool[n];
        double Pooled(int r)
        {
            // Dot(pooled embedding of the positions not in the group, held embedding of position r).
            double ss = 0, dot = 0;
            for (int a = 0; a < n; a++)
            {
                if (inGroup[a])
                {
                    continue;
                }

                dot += gram[a, r];
                for (int b = 0; b < n; b++)
                {
                    if (!inGroup[b])
                    {
                        ss += gram[a, b];
                    }
                }
            }

            return ss > 0 ? dot / Math.Sqrt(ss) * scale : 0;
        }

        double lower = 0, upper = 0;
        foreach (var members in ncGroups)
        {
            double lo = 0, up = 0;
            foreach (int r in members)
            {
                up += Pooled(r);
            }

            foreach (int r in members)
            {
                inGroup[r] = true;
            }

            foreach (int r in members)
            {
                lo += Pooled(r);
            }

            foreach (int r in members)
            {
                inGroup[r] = false;
            }

            lower += lo / members.Length;
            upper += up / members.Length;
        }

        return new NoiseCeiling(lower / ncGroups.Count, upper / ncGroups.Count);
    }

    /// <summary>
    /// Leave-one-out noise ceiling for the rank methods: pooled ranks are the ranks of the sums of doubled (integer)
    /// ranks, found by counting sort in a per-thread buffer.
    /// </summary>
    private NoiseCeiling RankNoiseCeiling(int[] rows, List<int[]> ncGroups, double[][] prepared, double[][] embedded)
    {
        int n = rows.Length;
        int m = prepared[rows[0]].Length;
        var doubled = new int[_data.Length][];
        foreach (int r in rows)
        {
            if (doubled[r] is null)
            {
                var d = new int[m];
                var p = prepared[r];
                for (int k = 0; k < m; k++)
                {
                    d[k] = (int)Math.Round(2 * p[k]);
                }

                doubled[r] = d;
            }
        }

        var sum = new int[m];
        var inGroup = new bool[n];
        double[] PooledEmbedding()
        {
            Array.Clear(sum);
            int count = 0;
            for (int a = 0; a < n; a++)
            {
                if (inGroup[a])
                {
                    continue;
                }

                count++;
                var d = doubled[rows[a]];
                for (int k = 0; k < m; k++)
                {
                    sum[k] += d[k];
                }
            }

            return RdmComparer.FinishRankEmbedding(RanksOfKeys(sum, 2 * m * count), _method);
        }

        var all = PooledEmbedding();
        double lower = 0, upper = 0;
        foreach (var members in ncGroups)
        {
            double lo = 0, up = 0;
            foreach (int r in members)
            {
                up += Dot(all, embedded[rows[r]]);
                inGroup[r] = true;
            }

            var others = PooledEmbedding();
            foreach (int r in members)
            {
                lo += Dot(others, embedded[rows[r]]);
                inGroup[r] = false;
            }

            lower += lo / members.Length;
            upper += up / members.Length;
        }

        return new NoiseCeiling(lower / ncGroups.Count, upper / ncGroups.Count);
    }

    [ThreadStatic]
    private static int[]? t_counts;

    /// <summary>Average ranks of non-negative integer keys up to <paramref name="maxKey"/> (counting sort, reused buffer).</summary>
    private static double[] RanksOfKeys(int[] keys, int maxKey)
    {
        var counts = t_counts;
        if (counts is null || counts.Length < maxKey + 1)
        {
            counts = t_counts = new int[maxKey + 1];
        }
        else
        {
            Array.Clear(counts, 0, maxKey + 1);
        }

        foreach (int k in keys)
        {
            counts[k]++;
        }

        // Replace each count by twice the average rank of its key: 2·below + count + 1.
        int below = 0;
        for (int k = 0; k <= maxKey; k++)
        {
            int c = counts[k];
            if (c != 0)
            {
                counts[k] = (2 * below) + c + 1;
                below += c;
            }
        }

        var ranks = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            ranks[i] = counts[keys[i]] * 0.5;
        }

        return ranks;
    }

    private static double Dot(double[] a, double[] b) => RdmMethods.DenseKernels.Dot(a, b);

    /// <summary>The pooling-prepared vector and the embedding of one RDM gathered through <paramref name="map"/>.</summary>
    private (double[] Prepared, double[] Embedded) PrepareAndEmbed(double[] vector, int[]? keys, int[]? map)
    {
        int m = map?.Length ?? vector.Length;
        if (keys is not null)
        {
            int[] drawKeys;
            if (map is null)
            {
                drawKeys = keys;
            }
            else
            {
                drawKeys = new int[m];
                for (int k = 0; k < m; k++)
                {
                    drawKeys[k] = keys[map[k]];
                }
            }

            var ranks = RanksOfKeys(drawKeys, _pairs);
            return (ranks, RdmComparer.FinishRankEmbedding(ranks, _method));
        }

        var x = new double[m];
        if (map is null)
        {
            vector.CopyTo(x, 0);
        }
        else
        {
            for (int k = 0; k < m; k++)
            {
                x[k] = vector[map[k]];
            }
        }

        var prepared = new double[m];
        var embedded = new double[m];
        if (_method == ComparisonMethod.Cosine)
        {
            double ss = RdmMethods.DenseKernels.Dot(x, x);
            double rms = Math.Sqrt(ss / m), norm = Math.Sqrt(ss);
            for (int k = 0; k < m; k++)
            {
                prepared[k] = x[k] / rms;
                embedded[k] = norm > 0 ? x[k] / norm : 0;
            }

            return (prepared, embedded);
        }

        // Pearson: z-score for pooling (population sd), centred and unit-norm for the dot product.
        double sum = 0;
        bool constant = true;
        for (int k = 0; k < m; k++)
        {
            sum += x[k];
            constant &= x[k] == x[0];
        }

        double mean = constant ? x[0] : sum / m; // constant input centres to exactly zero (similarity 0)
        double sq = 0;
        for (int k = 0; k < m; k++)
        {
            double d = x[k] - mean;
            x[k] = d;
            sq += d * d;
        }

        double sd = Math.Sqrt(sq / m), cnorm = Math.Sqrt(sq);
        for (int k = 0; k < m; k++)
        {
            prepared[k] = sd > 0 ? x[k] / sd : 0;
            embedded[k] = cnorm > 0 ? x[k] / cnorm : 0;
        }

        return (prepared, embedded);
    }

    /// <summary>Dense rank keys (0 for the smallest value, equal values equal keys) of a NaN-free vector.</summary>
    private static int[] DenseKeys(double[] values)
    {
        var idx = Enumerable.Range(0, values.Length).ToArray();
        var sortedValues = (double[])values.Clone();
        Array.Sort(sortedValues, idx);
        var keys = new int[values.Length];
        int key = 0;
        for (int k = 0; k < values.Length; k++)
        {
            if (k > 0 && sortedValues[k] != sortedValues[k - 1])
            {
                key++;
            }

            keys[idx[k]] = key;
        }

        return keys;
    }

    private static bool HasNaN(Rdms rdms)
    {
        for (int i = 0; i < rdms.Count; i++)
        {
            foreach (double v in rdms.Vector(i))
            {
                if (double.IsNaN(v))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
