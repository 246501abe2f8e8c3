namespace BioVision.V1;

/// <summary>
/// EVNet's Gabor parameter sampler (<c>evnet.params.generate_gabor_param</c>, lucaspiper99/evnet at e9ce227), draw for
/// draw with <see cref="NumpyLegacyRandom"/>; <see cref="V1Sampler.Sample"/> calls it for <see cref="V1Distribution.EVNet"/>.
/// </summary>
/// <remarks>
/// <para>Order of draws from the stream seeded with <see cref="V1SamplerOptions.Seed"/>: phase (<c>n</c> uniforms on
/// [0, 360)), orientation (<c>n</c> uniforms through the De Valois 1982a histogram on −22.5..157.5, not wrapped), then for
/// the simple cells and after them for the complex cells: the copula (<c>2m</c> legacy normals, the same transform as
/// <see cref="V1Sampler"/>), nx through the marginal of the 4 × 4 Ringach 2002 histogram on <c>logspace(−1, 0, 5)</c>,
/// ny (<c>m</c> uniforms through the row of that histogram nx falls in), and the peak frequency through the simple-cell
/// (4, 4, 8, 25, 33, 26, 28, 12, 8) or complex-cell (0, 0, 9, 9, 7, 10, 23, 12, 14) De Valois 1982b foveal histogram,
/// truncated to [sf_min, sf_max] (edges kept inclusively at both ends, as the reference). Last, the colour channels:
/// with more than one input channel, <c>round(n/C)</c> filters per channel (Python's round half to even), the remainder
/// given to (or taken from) channel 2, concatenated in channel order and shuffled (<see cref="NumpyLegacyRandom.Shuffle{T}"/>);
/// with one input channel, channel 0. q0 and q1 of a filter read the same channel, as in EVNet's GFB.</para>
/// <para>Departure: the reference adds <c>512 − sum(counts)</c> to channel 2, which is exact for its 512-filter blocks
/// but for any other count leaves an array of the wrong length (its first <c>n</c> entries then read mostly channel 2);
/// this sampler adds <c>n − sum(counts)</c>, the same numbers at 512 filters.</para>
/// </remarks>
public static class EVNetGaborSampler
{
    private static readonly double[] SfBinEdges = [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6, 8, 11.2];
    private static readonly double[] SimpleSfHistogram = [4, 4, 8, 25, 33, 26, 28, 12, 8];
    private static readonly double[] ComplexSfHistogram = [0, 0, 9, 9, 7, 10, 23, 12, 14];
    private static readonly double[] OrientationBinEdges = [-22.5, 22.5, 67.5, 112.5, 157.5];
    private static readonly double[] OrientationHistogram = [66, 49, 77, 54];

    private static readonly double[,] RingachJointHistogram =
    {
        { 2, 0, 1, 0 },
        { 8, 9, 4, 1 },
        { 1, 2, 19, 17 },
        { 0, 0, 1, 7 },
    };

    /// <summary>Samples a parameter set as EVNet does (its <c>gabor_color_prob</c> in equal shares over the input channels).</summary>
    /// <param name="simpleChannels">Number of simple cells.</param>
    /// <param name="complexChannels">Number of complex cells.</param>
    /// <param name="options">Seed, correlation and frequency range (the distribution field is not read).</param>
    /// <param name="inputChannels">Input channels of the Gabor bank (4 behind EVNet's standard subcortical block).</param>
    public static V1Parameters Sample(int simpleChannels, int complexChannels, V1SamplerOptions options, int inputChannels)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(simpleChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(complexChannels);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        int n = simpleChannels + complexChannels;
        ArgumentOutOfRangeException.ThrowIfZero(n);
        double rho = options.SfCorrelation;
        if (!(rho >= -1 && rho <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rho, "SfCorrelation must lie in [-1, 1].");
        }

        var rng = new NumpyLegacyRandom(V1Sampler.NumpySeed(options.Seed));
        double[] phase = Linear(rng, [1.0], [0.0, 360.0], n);
        double[] ori = Linear(rng, NumpyCompat.Normalise(OrientationHistogram), OrientationBinEdges, n);
        var (sfS, nxS, nyS) = Cells(rng, simpleChannels, SimpleSfHistogram, options);
        var (sfC, nxC, nyC) = Cells(rng, complexChannels, ComplexSfHistogram, options);
        int[] color = Colors(rng, n, inputChannels);
        return new V1Parameters
        {
            SimpleChannels = simpleChannels,
            ComplexChannels = complexChannels,
            InputChannels = inputChannels,
            SpatialFrequency = [.. sfS, .. sfC],
            Orientation = ori,
            Phase = phase,
            Nx = [.. nxS, .. nxC],
            Ny = [.. nyS, .. nyC],
            ColorChannel = color,
            QuadratureColorChannel = (int[])color.Clone(),
        }.Validate();
    }

    private static (double[] Sf, double[] Nx, double[] Ny) Cells(NumpyLegacyRandom rng, int m, double[] sfHistogram, V1SamplerOptions options)
    {
        if (m == 0)
        {
            return ([], [], []);
        }

        double total = 0;
        foreach (double v in RingachJointHistogram)
        {
            total += v;
        }

        int bins = RingachJointHistogram.GetLength(0);
        var nxMarginal = new double[bins];
        var nyRowCdf = new double[bins][];
        for (int r = 0; r < bins; r++)
        {
            var row = new double[bins];
            double rowSum = 0;
            for (int c = 0; c < bins; c++)
            {
                row[c] = RingachJointHistogram[r, c] / total;
                rowSum += row[c];
            }

            nxMarginal[r] = rowSum;
            nyRowCdf[r] = NumpyCompat.CumulativeWithZero(row.Select(v => v / rowSum).ToArray());
        }

        double[] nBins = NumpyCompat.LogSpace(-1, 0, 5);
        double[] log10Bins = Array.ConvertAll(nBins, Math.Log10);
        double[] nxCdf = NumpyCompat.CumulativeWithZero(NumpyCompat.Normalise(nxMarginal));
        var a = V1Sampler.CopulaTransform(options.SfCorrelation);
        var u0 = new double[m];
        var u1 = new double[m];
        for (int i = 0; i < m; i++)
        {
            double z0 = rng.NextGaussian();
            double z1 = rng.NextGaussian();
            u0[i] = NumpyCompat.NormalCdf((z0 * a[0, 0]) + (z1 * a[1, 0]));
            u1[i] = NumpyCompat.NormalCdf((z0 * a[0, 1]) + (z1 * a[1, 1]));
        }

        var nx = new double[m];
        for (int i = 0; i < m; i++)
        {
            nx[i] = Math.Pow(10, NumpyCompat.Interp(u0[i], nxCdf, log10Bins));
        }

        double[] nySamples = rng.NextDoubles(m);
        var ny = new double[m];
        for (int i = 0; i < m; i++)
        {
            int bin = Array.FindLastIndex(nBins, edge => edge < nx[i]);
            if (bin < 0 || bin >= bins)
            {
                throw new InvalidOperationException($"nx = {nx[i]} falls outside EVNet's Ringach histogram (internal error).");
            }

            ny[i] = Math.Pow(10, NumpyCompat.Interp(nySamples[i], nyRowCdf[bin], log10Bins));
        }

        int maxIndex = Array.FindLastIndex(SfBinEdges, e => e <= options.SfMax);
        int minIndex = Array.FindIndex(SfBinEdges, e => e >= options.SfMin);
        if (maxIndex < 0 || minIndex < 0 || maxIndex <= minIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"SfMin {options.SfMin} / SfMax {options.SfMax} keep no spatial-frequency bin (edges 0.5 .. 11.2 cycles/degree).");
        }

        double[] log2Sf = Array.ConvertAll(SfBinEdges[minIndex..(maxIndex + 1)], Math.Log2);
        double[] sfCdf = NumpyCompat.CumulativeWithZero(NumpyCompat.Normalise(sfHistogram[minIndex..maxIndex]));
        var sf = new double[m];
        for (int i = 0; i < m; i++)
        {
            sf[i] = Math.Pow(2, NumpyCompat.Interp(u1[i], sfCdf, log2Sf));
        }

        return (sf, nx, ny);
    }

    private static int[] Colors(NumpyLegacyRandom rng, int n, int inputChannels)
    {
        if (inputChannels == 1)
        {
            return new int[n];
        }

        var counts = new int[inputChannels];
        for (int c = 0; c < inputChannels; c++)
        {
            counts[c] = (int)Math.Round((double)n / inputChannels, MidpointRounding.ToEven);
        }

        int fix = Math.Min(2, inputChannels - 1);
        counts[fix] += n - counts.Sum();
        if (counts[fix] < 0)
        {
            throw new ArgumentException($"{n} filters cannot be dealt over {inputChannels} input channels in EVNet's shares.");
        }

        var color = new int[n];
        int at = 0;
        for (int c = 0; c < inputChannels; c++)
        {
            for (int k = 0; k < counts[c]; k++)
            {
                color[at++] = c;
            }
        }

        rng.Shuffle(color);
        return color;
    }

    private static double[] Linear(NumpyLegacyRandom rng, double[] hist, double[] bins, int n)
    {
        double[] u = rng.NextDoubles(n);
        double[] cdf = NumpyCompat.CumulativeWithZero(hist);
        return u.Select(x => NumpyCompat.Interp(x, cdf, bins)).ToArray();
    }
}
