namespace BioVision.Rsa.Comparisons;

/// <summary>Rank transforms used by the rank-based comparisons.</summary>
public static class Ranking
{
    /// <summary>
    /// 1-based ranks with ties given their average rank (scipy's <c>rankdata(method='average')</c>).
    /// NaN entries keep NaN and are not ranked (rsatoolbox's <c>_nan_rank_data</c>).
    /// </summary>
    /// <param name="values">Values to rank.</param>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var ranks = new double[values.Length];
        int valid = 0;
        var idx = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                ranks[i] = double.NaN;
            }
            else
            {
                idx[valid++] = i;
            }
        }

        var keys = new double[valid];
        for (int i = 0; i < valid; i++)
        {
            keys[i] = values[idx[i]];
        }

        Array.Sort(keys, idx, 0, valid);
        int start = 0;
        while (start < valid)
        {
            int end = start + 1;
            while (end < valid && keys[end] == keys[start])
            {
                end++;
            }

            double rank = ((start + end - 1) / 2.0) + 1;
            for (int k = start; k < end; k++)
            {
                ranks[idx[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }

    /// <summary>
    /// Average ranks of non-negative integer keys by counting sort, O(n + maxKey): the same result as
    /// <see cref="AverageRanks"/> on those keys, without comparison sorting.
    /// </summary>
    internal static double[] AverageRanksOfKeys(int[] keys, int maxKey)
    {
        var counts = new int[maxKey + 2];
        foreach (int k in keys)
        {
            counts[k + 1]++;
        }

        // counts[k] becomes the number of keys below k; the average rank of key k is below + (count + 1) / 2.
        var rankOf = new double[maxKey + 1];
        int below = 0;
        for (int k = 0; k <= maxKey; k++)
        {
            int c = counts[k + 1];
            rankOf[k] = below + ((c + 1) / 2.0);
            below += c;
        }

        var ranks = new double[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            ranks[i] = rankOf[keys[i]];
        }

        return ranks;
    }
}
