using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa.Inference;

/// <summary>Leave-one-out noise ceilings (rsatoolbox's <c>boot_noise_ceiling</c> on a fixed set of RDMs).</summary>
public static class NoiseCeilings
{
    /// <summary>
    /// Leave-one-group-out noise ceiling. Groups are the distinct values of <paramref name="descriptor"/> (e.g. subject,
    /// so that all sessions of a subject are left out together); null makes each RDM its own group. Within a group the
    /// similarities of its RDMs to the pooled RDM are averaged; bounds are the mean over groups.
    /// </summary>
    /// <param name="data">Data RDMs (at least two groups).</param>
    /// <param name="method">Comparison method; pooling follows <see cref="RdmTransforms.Pool"/>.</param>
    /// <param name="descriptor">RDM descriptor defining the groups, or null.</param>
    /// <param name="options">Options of the whitened comparisons.</param>
    public static NoiseCeiling LeaveOneOut(Rdms data, ComparisonMethod method, string? descriptor = null, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var groups = Groups(data, descriptor);
        if (groups.Count < 2)
        {
            throw new ArgumentException("A leave-one-out noise ceiling needs at least two groups of RDMs.", nameof(data));
        }

        if (RdmComparer.IsEmbedding(method))
        {
            return FastLeaveOneOut(data, method, groups, options);
        }

        var pooledAll = RdmTransforms.Pool(data, method);
        double lower = 0, upper = 0;
        foreach (var members in groups)
        {
            var others = Enumerable.Range(0, data.Count).Except(members).ToArray();
            var held = data.SubsetRdms(members);
            var pooled = RdmTransforms.Pool(data.SubsetRdms(others), method);
            lower += RowMean(RdmComparer.Compare(pooled, held, method, options));
            upper += RowMean(RdmComparer.Compare(pooledAll, held, method, options));
        }

        return new NoiseCeiling(lower / groups.Count, upper / groups.Count);
    }

    /// <summary>
    /// The same computation for dot-product methods, preparing (pooling transform) and embedding each RDM once instead
    /// of once per fold: pooled RDMs are means of prepared vectors, similarities are dot products of embeddings.
    /// </summary>
    private static NoiseCeiling FastLeaveOneOut(Rdms data, ComparisonMethod method, List<int[]> groups, ComparisonOptions? options) =>
        FastLeaveOneOut(Prepare(data, method, options), data.Count, data.Conditions, method, groups, options);

    /// <summary>Per-RDM work shared by evaluation and noise ceiling: valid mask, pooling transform, embedding.</summary>
    internal sealed record PreparedRdms(bool[] Valid, double[][] Prepared, double[][] Embedded);

    internal static PreparedRdms Prepare(Rdms data, ComparisonMethod method, ComparisonOptions? options, Rdms? alsoCheck = null)
    {
        var valid = RdmComparer.ValidMask(data, alsoCheck);
        var compact = RdmComparer.Compact(data, valid);
        var prepared = compact.Select(v => RdmTransforms.PoolPrepare(v, method)).ToArray();
        // For rank methods the prepared vectors are already the ranks: embed them without ranking again.
        var held = method is ComparisonMethod.Spearman or ComparisonMethod.RhoA
            ? prepared.Select(r => RdmComparer.FinishRankEmbedding(r, method)).ToArray()
            : RdmComparer.EmbedCompact(compact, valid, data.Conditions, method, options);
        return new PreparedRdms(valid, prepared, held);
    }

    internal static NoiseCeiling FastLeaveOneOut(PreparedRdms pre, int count, int conditions, ComparisonMethod method, List<int[]> groups, ComparisonOptions? options)
    {
        var (valid, prepared, held) = pre;
        int m = prepared[0].Length;

        bool ranks = method is ComparisonMethod.Spearman or ComparisonMethod.RhoA;
        int[][]? doubledRanks = ranks ? prepared.Select(r => r.Select(x => (int)Math.Round(2 * x)).ToArray()).ToArray() : null;

        double[] PooledEmbedding(IEnumerable<int> members)
        {
            if (doubledRanks is not null)
            {
                // Pooled = mean of rank vectors; its ranks are those of the integer sums of doubled (half-integer) ranks,
                // found by counting sort instead of sorting the mean.
                var list = members.ToArray();
                var sum = new int[m];
                foreach (int r in list)
                {
                    var d = doubledRanks[r];
                    for (int k = 0; k < m; k++)
                    {
                        sum[k] += d[k];
                    }
                }

                return RdmComparer.FinishRankEmbedding(Ranking.AverageRanksOfKeys(sum, 2 * m * list.Length), method);
            }

            var mean = new double[m];
            int count = 0;
            foreach (int r in members)
            {
                var p = prepared[r];
                for (int k = 0; k < m; k++)
                {
                    mean[k] += p[k];
                }

                count++;
            }

            double min = double.PositiveInfinity;
            for (int k = 0; k < m; k++)
            {
                mean[k] /= count;
                min = Math.Min(min, mean[k]);
            }

            if (method is ComparisonMethod.Pearson or ComparisonMethod.PearsonCov)
            {
                for (int k = 0; k < m; k++)
                {
                    mean[k] -= min;
                }
            }

            return RdmComparer.EmbedCompact([mean], valid, conditions, method, options)[0];
        }

        var all = PooledEmbedding(Enumerable.Range(0, count));
        double lower = 0, upper = 0;
        foreach (var members in groups)
        {
            var others = PooledEmbedding(Enumerable.Range(0, count).Except(members));
            lower += members.Average(r => RdmMethods.DenseKernels.Dot(others, held[r]));
            upper += members.Average(r => RdmMethods.DenseKernels.Dot(all, held[r]));
        }

        return new NoiseCeiling(lower / groups.Count, upper / groups.Count);
    }

    /// <summary>Indices of the RDMs of each group, groups in order of first appearance.</summary>
    internal static List<int[]> Groups(Rdms data, string? descriptor)
    {
        if (descriptor is null)
        {
            return Enumerable.Range(0, data.Count).Select(i => new[] { i }).ToList();
        }

        var values = data.Descriptor(descriptor);
        return Enumerable.Range(0, data.Count).GroupBy(i => values[i], StringComparer.Ordinal).Select(g => g.ToArray()).ToList();
    }

    private static double RowMean(double[,] m)
    {
        double s = 0;
        int n = 0;
        foreach (double v in m)
        {
            if (!double.IsNaN(v))
            {
                s += v;
                n++;
            }
        }

        return s / n;
    }
}
