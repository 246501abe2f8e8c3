namespace BioVision.Rsa;

/// <summary>
/// BioVision's one seed type is <see cref="long"/>: every option, parameter and record that takes a seed takes a
/// <c>long</c>. This turns one into the narrower seed a random-number family needs, so the families agree on what a
/// seed is: <see cref="System.Random"/> takes an <c>int</c>, torch's <c>Generator</c> an unsigned 64-bit value, NumPy's
/// legacy MT19937 (the V1 sampler's exact-reference mode) a 32-bit unsigned one.
/// </summary>
/// <remarks>
/// A seed that fits the narrower type is passed unchanged (so <c>new Random(7)</c> and seed 7 draw the same stream, and
/// results of earlier versions, whose seeds were <c>int</c>, are reproduced exactly); a seed outside it is folded by
/// SplitMix64's finaliser (Steele, Lea and Flood 2014), which spreads every bit of the 64-bit seed.
/// </remarks>
public static class SeededRandom
{
    /// <summary>A <see cref="System.Random"/> seeded from <paramref name="seed"/> (unchanged when it fits in an <c>int</c>).</summary>
    /// <param name="seed">The seed.</param>
    public static Random Create(long seed) => new(ToInt32(seed));

    /// <summary>The <c>int</c> seed of <paramref name="seed"/>: itself when it fits, else its SplitMix64 fold.</summary>
    /// <param name="seed">The seed.</param>
    public static int ToInt32(long seed) => seed is >= int.MinValue and <= int.MaxValue ? (int)seed : (int)(Fold(seed) >> 33);

    /// <summary>The unsigned 64-bit seed of <paramref name="seed"/> (torch generators): its two's-complement bits, so 0..2^63-1 are unchanged.</summary>
    /// <param name="seed">The seed.</param>
    public static ulong ToUInt64(long seed) => unchecked((ulong)seed);

    /// <summary>SplitMix64's finaliser of <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public static ulong Fold(long seed)
    {
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
