namespace BioVision.V1;

/// <summary>
/// A port of the random stream behind NumPy's legacy <c>np.random.seed(int)</c> / <c>np.random.rand</c> /
/// <c>np.random.standard_normal</c>: MT19937 seeded with <c>init_genrand(seed)</c>, 53-bit doubles built from two
/// 32-bit draws, and the polar Box–Muller normal sampler that caches its second value. It exists so that
/// <see cref="V1Sampler"/> can reproduce the reference VOneNet parameters draw for draw.
/// </summary>
/// <remarks>Not thread-safe. Checked against NumPy 1.24 outputs (shared reference <c>vonenet/numpy_rng_reference.json</c>).</remarks>
public sealed class NumpyLegacyRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[N];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds the stream as <c>np.random.seed(seed)</c> does.</summary>
    /// <param name="seed">The integer seed (NumPy accepts 0 .. 2^32−1).</param>
    public NumpyLegacyRandom(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
        {
            _state[i] = (1812433253U * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }

        _position = N;
    }

    /// <summary>The next raw 32-bit output of MT19937 (tempered).</summary>
    public uint NextUInt32()
    {
        if (_position >= N)
        {
            Twist();
        }

        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits, as <c>np.random.random_sample</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal value from the legacy polar method (<c>np.random.standard_normal</c>).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>] as NumPy's <c>random_interval</c>: 32-bit draws masked to the
    /// smallest all-ones mask covering <paramref name="max"/>, rejected while above it (no draw when max is 0).
    /// </summary>
    /// <param name="max">The largest value.</param>
    public uint NextInterval(uint max)
    {
        if (max == 0)
        {
            return 0;
        }

        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max)
        {
        }

        return value;
    }

    /// <summary>Shuffles a one-dimensional array in place as the legacy <c>np.random.shuffle</c> (Fisher–Yates from the end, <see cref="NextInterval"/>).</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="values">The array.</param>
    public void Shuffle<T>(T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)NextInterval((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Fills a new array with <see cref="NextDouble"/> draws (<c>np.random.rand(count)</c>).</summary>
    /// <param name="count">Number of draws.</param>
    public double[] NextDoubles(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = NextDouble();
        }

        return values;
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[(k + 1) % N] & LowerMask);
            uint next = _state[(k + M) % N] ^ (y >> 1);
            _state[k] = (y & 1U) != 0 ? next ^ MatrixA : next;
        }

        _position = 0;
    }
}
