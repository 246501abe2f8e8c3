namespace BioVision.Subcortical;

/// <summary>
/// The fixed filters of the <see cref="SubcorticalBlock"/>, computed in float64 and rounded to float32 once, following the
/// reference's construction (<c>evnet/utils/misc.py gaussian_kernel</c>, the <c>DoG</c> and <c>ContrastNormalization</c>
/// constructors in <c>evnet/modules.py</c>).
/// </summary>
public static class SubcorticalKernels
{
    /// <summary>
    /// An unnormalised Gaussian <c>exp(−(x² + y²)/(2σ²))</c> on the integer grid −⌊k/2⌋..⌊k/2⌋ (peak 1), row-major <c>[k, k]</c>.
    /// </summary>
    /// <param name="sigma">Standard deviation, pixels (infinite: all ones).</param>
    /// <param name="size">Odd kernel side.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not odd and positive, or σ is not positive.</exception>
    public static double[] Gaussian(double sigma, int size)
    {
        if (size < 1 || size % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A Gaussian kernel needs an odd positive side.");
        }

        if (!(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "A Gaussian kernel needs σ > 0.");
        }

        int w = size / 2;
        var g = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double x = i - w, y = j - w;
                g[(i * size) + j] = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
            }
        }

        return g;
    }

    /// <summary>The centre and surround colour weights (R, G, B) of an opponency, before the surround ratio (the reference's <c>color_mapping</c>, float32 values).</summary>
    /// <param name="opponency">The opponency.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown opponency.</exception>
    public static (double[] Centre, double[] Surround) ColourWeights(ColourOpponency opponency)
    {
        double third = (float)(1.0 / 3.0);
        return opponency switch
        {
            ColourOpponency.RedGreen => ([1, 0, 0], [0, 1, 0]),
            ColourOpponency.GreenRed => ([0, 1, 0], [1, 0, 0]),
            ColourOpponency.BlueYellow => ([0, 0, 1], [0.5, 0.5, 0]),
            ColourOpponency.WhiteBlack => ([third, third, third], [third, third, third]),
            _ => throw new ArgumentOutOfRangeException(nameof(opponency), opponency, "Unknown colour opponency."),
        };
    }

    /// <summary>
    /// The difference-of-Gaussians weight of a pathway, <c>[channels, InputChannels, k, k]</c> flattened: for colour j of
    /// channel i, <c>c_j·G(r_c) + ratio·s_j·G(r_s)</c> (σ = radius/√2, peaks 1), summed over colours for grayscale input,
    /// each channel's filter divided by the absolute value of its sum over colours and pixels.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="pathway">The pathway.</param>
    /// <returns>The weight and its shape.</returns>
    /// <exception cref="ArgumentException">A filter sums to zero (it cannot be normalised).</exception>
    public static (float[] Weight, long[] Shape) Dog(SubcorticalBlockOptions options, RetinalPathway pathway)
    {
        ArgumentNullException.ThrowIfNull(options);
        int k = options.DogKernelSize(pathway);
        int channels = options.Channels(pathway);
        int cin = options.InputChannels;
        double ratio = (float)options.Cell(pathway).SurroundRatio;
        var centre = Gaussian(options.CentreRadius(pathway) / Math.Sqrt(2), k);
        var surround = Gaussian(options.SurroundRadius(pathway) / Math.Sqrt(2), k);
        int kk = k * k;
        var weight = new float[channels * cin * kk];
        var filter = new double[cin * kk];
        for (int i = 0; i < channels; i++)
        {
            var (c, s) = ColourWeights(options.Opponency(pathway)[i]);
            Array.Clear(filter);
            for (int colour = 0; colour < 3; colour++)
            {
                int at = cin == 1 ? 0 : colour * kk;
                double sc = (float)(s[colour] * (float)ratio);
                for (int p = 0; p < kk; p++)
                {
                    filter[at + p] += (c[colour] * centre[p]) + (sc * surround[p]);
                }
            }

            double sum = Math.Abs(filter.Sum());
            if (!(sum > 0) || !double.IsFinite(sum))
            {
                throw new ArgumentException($"The {pathway} difference of Gaussians of channel {i} sums to {sum}; it cannot be normalised.", nameof(options));
            }

            for (int p = 0; p < filter.Length; p++)
            {
                weight[(i * cin * kk) + p] = (float)(filter[p] / sum);
            }
        }

        return (weight, [channels, cin, k, k]);
    }

    /// <summary>
    /// The contrast-normalisation pool of a pathway, <c>[channels, 1, k, k]</c> flattened (a depthwise filter): the
    /// Gaussian of radius <see cref="SubcorticalBlockOptions.NormalisationRadius"/> divided by its sum, one copy per channel.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="pathway">The pathway.</param>
    /// <returns>The weight and its shape.</returns>
    public static (float[] Weight, long[] Shape) Normalisation(SubcorticalBlockOptions options, RetinalPathway pathway)
    {
        ArgumentNullException.ThrowIfNull(options);
        int k = options.NormalisationKernelSize(pathway);
        int channels = options.Channels(pathway);
        var g = Gaussian(options.NormalisationRadius(pathway) / Math.Sqrt(2), k);
        double sum = g.Sum();
        int kk = k * k;
        var weight = new float[channels * kk];
        for (int i = 0; i < channels; i++)
        {
            for (int p = 0; p < kk; p++)
            {
                weight[(i * kk) + p] = (float)(g[p] / sum);
            }
        }

        return (weight, [channels, 1, k, k]);
    }
}
