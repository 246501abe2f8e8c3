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
}
