namespace BioVision;

/// <summary>
/// A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014) whose output depends
/// only on its 64-bit state, so data order and augmentations are reproducible across runtimes and can be resumed.
/// </summary>
/// <param name="state">The initial state (the seed).</param>
public sealed class SplitMix64(ulong state)
{
    /// <summary>The current state; a generator created with this state continues the same stream.</summary>
    public ulong State { get; private set; } = state;

    /// <summary>Derives a seed from several integers (e.g. seed, epoch, batch) by mixing them in order.</summary>
    /// <param name="parts">The integers.</param>
    public static ulong Mix(params ReadOnlySpan<long> parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (long p in parts)
        {
            h = Finalise(h ^ unchecked((ulong)p) + 0x9E3779B97F4A7C15UL);
        }

        return h;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        State = unchecked(State + 0x9E3779B97F4A7C15UL);
        return Finalise(State);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">The exclusive upper bound (positive).</param>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher-Yates).</summary>
    /// <param name="n">Length.</param>
    public int[] Permutation(int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static ulong Finalise(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
