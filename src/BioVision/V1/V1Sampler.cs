using TorchSharp;

namespace BioVision.V1;

/// <summary>
/// Draws V1 Gabor parameters from the empirical macaque distributions, reproducing the reference sampler
/// (<c>vonenet.params.generate_gabor_param</c>) draw for draw with <see cref="NumpyLegacyRandom"/>.
/// </summary>
/// <remarks>
/// Order of draws from the seeded stream (neuronal mode): phase (<c>n</c> uniforms, linear on [0, 360)), orientation
/// (<c>n</c> uniforms through the De Valois 1982 histogram on bins −22.5..157.5, negatives wrapped by +180), the copula
/// (<c>2n</c> legacy normals, row-major, mapped by <c>z · diag(√s) Vᵀ</c> of the SVD of [[1, ρ], [ρ, 1]] and then by
/// the normal CDF), nx (first copula margin through the Ringach 2002 nx marginal, log10 scale), ny (<c>n</c> uniforms
/// through the ny histogram conditional on the nx bin), and spatial frequency (second copula margin through the
/// De Valois 1982 histogram truncated to [sf_min, sf_max], log2 scale). The uniform mode draws phase, orientation,
/// frequency, nx and ny in that order, each from <c>n</c> uniforms. Exactness is to the last few ulps (the reference
/// uses LAPACK's SVD and SciPy's erfc); the copula transform reproduces LAPACK's signs for ρ ≥ 0.
/// Colour channels are drawn with torch's CPU generator seeded with <see cref="V1SamplerOptions.ColorSeed"/>:
/// <c>randint(0, C, n)</c> for q0, then a second call for q1 (or a copy of q0 with <see cref="QuadratureColor.Shared"/>).
/// </remarks>
public static class V1Sampler
{
    private static readonly double[] SfBinEdges = [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6, 8, 11.2];
    private static readonly double[] SfHistogram = [4, 4, 8, 25, 32, 26, 28, 12, 8];
    private static readonly double[] OrientationBinEdges = [-22.5, 22.5, 67.5, 112.5, 157.5];
    private static readonly double[] OrientationHistogram = [66, 49, 77, 54];

    private static readonly double[,] RingachJointHistogram =
    {
        { 2, 0, 1, 0, 0 },
        { 8, 9, 4, 1, 0 },
        { 1, 2, 19, 17, 3 },
        { 0, 0, 1, 7, 4 },
        { 0, 0, 0, 0, 0 },
    };

    /// <summary>Samples a full parameter set (values and colour channels).</summary>
    /// <param name="simpleChannels">Number of simple cells.</param>
    /// <param name="complexChannels">Number of complex cells.</param>
    /// <param name="options">Sampler options (null: reference defaults).</param>
    /// <param name="inputChannels">Colour channels of the input (3 for RGB, 1 for grayscale).</param>
    public static V1Parameters Sample(int simpleChannels, int complexChannels, V1SamplerOptions? options = null, int inputChannels = 3)
    {
        options ??= new V1SamplerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(simpleChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(complexChannels);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        int n = simpleChannels + complexChannels;
        ArgumentOutOfRangeException.ThrowIfZero(n);
        if (options.Distribution == V1Distribution.EVNet)
        {
            return EVNetGaborSampler.Sample(simpleChannels, complexChannels, options, inputChannels);
        }

        var (sf, ori, phase, nx, ny) = SampleValues(n, options);
        var (q0, q1) = SampleColorChannels(n, inputChannels, options);
        return new V1Parameters
        {
            SimpleChannels = simpleChannels,
            ComplexChannels = complexChannels,
            InputChannels = inputChannels,
            SpatialFrequency = sf,
            Orientation = ori,
            Phase = phase,
            Nx = nx,
            Ny = ny,
            ColorChannel = q0,
            QuadratureColorChannel = q1,
        }.Validate();
    }

    /// <summary>
    /// The reference's <c>generate_gabor_param(features, seed, rand_flag, sf_corr, sf_max, sf_min)</c>: spatial frequency
    /// (cycles/degree), orientation (degrees), phase (degrees), nx and ny.
    /// </summary>
    /// <param name="features">Number of filters.</param>
    /// <param name="options">Sampler options.</param>
    /// <exception cref="ArgumentOutOfRangeException">The frequency range keeps fewer than one histogram bin, or the correlation is outside [−1, 1].</exception>
    public static (double[] Sf, double[] Orientation, double[] Phase, double[] Nx, double[] Ny) SampleValues(int features, V1SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (options.Distribution == V1Distribution.EVNet)
        {
            throw new ArgumentException("EVNet's sampler draws simple and complex cells separately: use Sample or EVNetGaborSampler.Sample.", nameof(options));
        }

        var rng = new NumpyLegacyRandom(NumpySeed(options.Seed));
        double[] phase = SampleHistogram(rng, [1.0], [0.0, 360.0], features, Scale.Linear);
        return options.Distribution == V1Distribution.Uniform
            ? SampleUniform(rng, features, options, phase)
            : SampleNeuronal(rng, features, options, phase);
    }

    private static (double[], double[], double[], double[], double[]) SampleNeuronal(NumpyLegacyRandom rng, int n, V1SamplerOptions options, double[] phase)
    {
        double rho = options.SfCorrelation;
        if (!(rho >= -1 && rho <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), rho, "SfCorrelation must lie in [-1, 1].");
        }

        double[] ori = SampleHistogram(rng, NumpyCompat.Normalise(OrientationHistogram), OrientationBinEdges, n, Scale.Linear);
        for (int i = 0; i < n; i++)
        {
            if (ori[i] < 0)
            {
                ori[i] += 180;
            }
        }

        // Ringach 2002 joint histogram, normalised as the reference does.
        double[] nxBins = NumpyCompat.LogSpace(-1, 0.2, 6);
        double total = 0;
        foreach (double v in RingachJointHistogram)
        {
            total += v;
        }

        var joint = new double[5, 5];
        var nxMarginal = new double[5];
        for (int r = 0; r < 5; r++)
        {
            double rowSum = 0;
            for (int c = 0; c < 5; c++)
            {
                joint[r, c] = RingachJointHistogram[r, c] / total;
                rowSum += joint[r, c];
            }

            nxMarginal[r] = rowSum;
        }

        nxMarginal = NumpyCompat.Normalise(nxMarginal);
        var nyConditionalCdf = new double[5][];
        for (int r = 0; r < 5; r++)
        {
            double rowSum = 0;
            for (int c = 0; c < 5; c++)
            {
                rowSum += joint[r, c];
            }

            var row = new double[5];
            for (int c = 0; c < 5; c++)
            {
                row[c] = joint[r, c] / rowSum;
            }

            nyConditionalCdf[r] = NumpyCompat.CumulativeWithZero(row);
        }

        var (sfBins, sfDist) = TruncatedSfHistogram(options, inclusiveMax: true);

        // Gaussian copula: legacy multivariate_normal = standard_normal((n, 2)) @ (sqrt(s)[:, None] * vh).
        var a = CopulaTransform(rho);
        var u0 = new double[n];
        var u1 = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z0 = rng.NextGaussian();
            double z1 = rng.NextGaussian();
            u0[i] = NumpyCompat.NormalCdf((z0 * a[0, 0]) + (z1 * a[1, 0]));
            u1[i] = NumpyCompat.NormalCdf((z0 * a[0, 1]) + (z1 * a[1, 1]));
        }

        double[] log10NxBins = Array.ConvertAll(nxBins, Math.Log10);
        double[] nxCdf = NumpyCompat.CumulativeWithZero(nxMarginal);
        var nx = new double[n];
        for (int i = 0; i < n; i++)
        {
            nx[i] = Math.Pow(10, NumpyCompat.Interp(u0[i], nxCdf, log10NxBins));
        }

        double[] nySamples = rng.NextDoubles(n);
        var ny = new double[n];
        for (int i = 0; i < n; i++)
        {
            int bin = -1;
            for (int k = 0; k < nxBins.Length; k++)
            {
                if (nxBins[k] < nx[i])
                {
                    bin = k;
                }
            }

            if (bin < 0 || bin >= 5)
            {
                throw new InvalidOperationException($"nx = {nx[i]} falls outside the Ringach histogram (internal error).");
            }

            ny[i] = Math.Pow(10, NumpyCompat.Interp(nySamples[i], nyConditionalCdf[bin], log10NxBins));
        }

        double[] log2SfBins = Array.ConvertAll(sfBins, Math.Log2);
        double[] sfCdf = NumpyCompat.CumulativeWithZero(NumpyCompat.Normalise(sfDist));
        var sf = new double[n];
        for (int i = 0; i < n; i++)
        {
            sf[i] = Math.Pow(2, NumpyCompat.Interp(u1[i], sfCdf, log2SfBins));
        }

        return (sf, ori, phase, nx, ny);
    }

    private static (double[], double[], double[], double[], double[]) SampleUniform(NumpyLegacyRandom rng, int n, V1SamplerOptions options, double[] phase)
    {
        double[] ori = SampleHistogram(rng, [1.0], [0.0, 180.0], n, Scale.Linear);
        var (sfBins, sfDist) = TruncatedSfHistogram(options, inclusiveMax: false);
        for (int i = 0; i < sfDist.Length; i++)
        {
            sfDist[i] = 1;
        }

        double[] sf = SampleHistogram(rng, NumpyCompat.Normalise(sfDist), sfBins, n, Scale.Log2);
        double[] nBins = [0.1, Math.Pow(10, 0.2)];
        double[] nx = SampleHistogram(rng, [1.0], nBins, n, Scale.Log10);
        double[] ny = SampleHistogram(rng, [1.0], nBins, n, Scale.Log10);
        return (sf, ori, phase, nx, ny);
    }

    private static (double[] Bins, double[] Dist) TruncatedSfHistogram(V1SamplerOptions options, bool inclusiveMax)
    {
        int maxIndex = -1;
        for (int i = 0; i < SfBinEdges.Length; i++)
        {
            if (inclusiveMax ? SfBinEdges[i] <= options.SfMax : SfBinEdges[i] < options.SfMax)
            {
                maxIndex = i;
            }
        }

        int minIndex = Array.FindIndex(SfBinEdges, e => e >= options.SfMin);
        if (maxIndex < 0 || minIndex < 0 || maxIndex <= minIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(options),
                $"SfMin {options.SfMin} / SfMax {options.SfMax} keep no spatial-frequency bin (edges 0.5 .. 11.2 cycles/degree).");
        }

        return (SfBinEdges[minIndex..(maxIndex + 1)], SfHistogram[minIndex..maxIndex]);
    }

    internal static double[,] CopulaTransform(double rho)
    {
        // sqrt(s)[:, None] * vh for the SVD of [[1, rho], [rho, 1]] with LAPACK's ordering and signs (rho >= 0).
        if (rho == 0)
        {
            return new double[,] { { 1, 0 }, { 0, 1 } };
        }

        double r = Math.Sqrt(0.5);
        double big = Math.Sqrt(1 + Math.Abs(rho));
        double small = Math.Sqrt(1 - Math.Abs(rho));
        return rho > 0
            ? new double[,] { { -big * r, -big * r }, { -small * r, small * r } }
            : new double[,] { { -big * r, big * r }, { -small * r, -small * r } };
    }

    private enum Scale
    {
        Linear,
        Log2,
        Log10,
    }

    private static double[] SampleHistogram(NumpyLegacyRandom rng, double[] hist, double[] bins, int n, Scale scale)
    {
        double[] u = rng.NextDoubles(n);
        double[] cdf = NumpyCompat.CumulativeWithZero(hist);
        double[] edges = scale switch
        {
            Scale.Log2 => Array.ConvertAll(bins, Math.Log2),
            Scale.Log10 => Array.ConvertAll(bins, Math.Log10),
            _ => bins,
        };
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = NumpyCompat.Interp(u[i], cdf, edges);
            result[i] = scale switch
            {
                Scale.Log2 => Math.Pow(2, v),
                Scale.Log10 => Math.Pow(10, v),
                _ => v,
            };
        }

        return result;
    }

    /// <summary>
    /// Colour channels of the q0 and q1 filters, drawn like the reference (<c>torch.randint(0, C, (n,))</c> twice from
    /// a CPU generator seeded with <see cref="V1SamplerOptions.ColorSeed"/>).
    /// </summary>
    /// <param name="count">Number of filters.</param>
    /// <param name="inputChannels">Number of input channels.</param>
    /// <param name="options">Sampler options (seed and pairing).</param>
    public static (int[] Q0, int[] Q1) SampleColorChannels(int count, int inputChannels, V1SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(Rsa.SeededRandom.ToUInt64(options.ColorSeed), torch.CPU);
        int[] q0 = Draw(count, inputChannels, generator);
        int[] q1 = options.QuadratureColor == QuadratureColor.Shared ? (int[])q0.Clone() : Draw(count, inputChannels, generator);
        return (q0, q1);
    }

    private static int[] Draw(int count, int inputChannels, torch.Generator generator)
    {
        var t = torch.randint(0, inputChannels, new long[] { count }, dtype: torch.int64, device: torch.CPU, generator: generator);
        return t.data<long>().ToArray().Select(v => (int)v).ToArray();
    }

    // NumPy's legacy RandomState(seed) accepts 0..2^32-1 and raises ValueError otherwise; so does this.
    internal static uint NumpySeed(long seed) => seed is >= 0 and <= uint.MaxValue
        ? (uint)seed
        : throw new ArgumentOutOfRangeException(nameof(seed), seed, "The V1 sampler's seed (NumPy's legacy RandomState) must be between 0 and 2^32 - 1.");
}
