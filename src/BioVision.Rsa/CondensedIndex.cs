namespace BioVision.Rsa;

/// <summary>
/// Index arithmetic for condensed RDM vectors: the upper triangle without the diagonal, row by row,
/// in the order (0,1), (0,2), …, (0,n-1), (1,2), … used by rsatoolbox, scipy's <c>pdist</c> and the 92-image data.
/// </summary>
public static class CondensedIndex
{
    /// <summary>Number of pairs among <paramref name="conditions"/> conditions: n(n-1)/2.</summary>
    /// <param name="conditions">Number of conditions (non-negative).</param>
    public static int PairCount(int conditions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(conditions);
        return checked(conditions * (conditions - 1) / 2);
    }

    /// <summary>The number of conditions whose condensed vector has <paramref name="pairs"/> entries.</summary>
    /// <param name="pairs">Length of a condensed vector.</param>
    /// <exception cref="ArgumentException"><paramref name="pairs"/> is not a triangular number.</exception>
    public static int ConditionCount(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        int n = (int)Math.Round((1 + Math.Sqrt(1 + 8.0 * pairs)) / 2);
        if (PairCount(n) != pairs)
        {
            throw new ArgumentException($"A condensed RDM vector of length {pairs} does not correspond to any number of conditions (n(n-1)/2).", nameof(pairs));
        }

        return n;
    }

    /// <summary>Position of pair (<paramref name="i"/>, <paramref name="j"/>), i ≠ j, in the condensed vector.</summary>
    /// <param name="i">First condition.</param>
    /// <param name="j">Second condition.</param>
    /// <param name="conditions">Number of conditions.</param>
    public static int Of(int i, int j, int conditions)
    {
        if (i == j || i < 0 || j < 0 || i >= conditions || j >= conditions)
        {
            throw new ArgumentOutOfRangeException(nameof(i), $"Pair ({i}, {j}) is not an off-diagonal pair of {conditions} conditions.");
        }

        if (i > j)
        {
            (i, j) = (j, i);
        }

        return (i * (2 * conditions - i - 1) / 2) + (j - i - 1);
    }
}
