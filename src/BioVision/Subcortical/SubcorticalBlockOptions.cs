using BioVision.Stochastic;
using BioVision.V1;

namespace BioVision.Subcortical;

/// <summary>
/// Options of <see cref="SubcorticalBlock"/>. Every default equals the reference's <c>'standard'</c> EVNet variant
/// (lucaspiper99/evnet e9ce227, <c>EVNet()</c> with <c>configs/subcort_kwargs.yml</c>): three P channels (r/g, g/r, b/y)
/// and one M channel (w/b) on RGB input, 224-pixel images spanning 7 degrees, the tuned cell parameters
/// (<see cref="SubcorticalCellParameters.TunedP"/>, <see cref="SubcorticalCellParameters.TunedM"/>), kernels holding 75%
/// of a Gaussian's energy, light adaptation, difference of Gaussians and contrast normalisation on, no ReLU, no light
/// adaptation threshold, neuronal noise with Fano factor 0.4, noise in training and evaluation.
/// </summary>
/// <remarks>
/// <para>Radii are given at the reference's 32 pixels per degree and multiplied by <see cref="ResolutionFactor"/>
/// (<c>(ImageSize / VisualDegrees) / (224 / 7)</c>), then rounded to float32 as the reference's arrays are; kernel sizes
/// follow the reference's <c>get_kernel_size</c> (<see cref="KernelSize(double, double)"/>) and are capped at
/// <see cref="MaxKernelSize"/> = 2·ImageSize − 1, so that their reflect padding fits an <c>ImageSize</c> image.</para>
/// <para>Lists given to <see cref="POpponency"/> and <see cref="MOpponency"/> are copied; record equality compares them by reference.</para>
/// </remarks>
/// <example><code>var options = SubcorticalBlockOptions.ForImageSize(64, 3) with { NoiseMode = NoiseMode.None };</code></example>
public sealed record SubcorticalBlockOptions
{
    /// <summary>The reference resolution, pixels per degree (224 pixels over 7 degrees).</summary>
    public const double ReferencePixelsPerDegree = 224.0 / 7.0;

    /// <summary>The additive constant of the reference's light adaptation and neuronal noise (<c>EPSILON</c>, 1e-5).</summary>
    public const double Epsilon = 1e-5;

    /// <summary>The luminance threshold (and denominator constant) of the thresholded light adaptation (0.05).</summary>
    public const double LightAdaptThresholdValue = 0.05;

    private readonly IReadOnlyList<ColourOpponency> _pOpponency = [ColourOpponency.RedGreen, ColourOpponency.GreenRed, ColourOpponency.BlueYellow];
    private readonly IReadOnlyList<ColourOpponency> _mOpponency = [ColourOpponency.WhiteBlack];

    /// <summary>Number of P (parvocellular) channels (reference <c>p_channels</c>, default 3); equals the length of <see cref="POpponency"/>.</summary>
    public int PChannels { get; init; } = 3;

    /// <summary>Colour opponency of each P channel, in channel order (reference <c>colors_p_cells</c>, default r/g, g/r, b/y).</summary>
    public IReadOnlyList<ColourOpponency> POpponency
    {
        get => _pOpponency;
        init => _pOpponency = [.. value ?? throw new ArgumentNullException(nameof(value))];
    }

    /// <summary>Number of M (magnocellular) channels (reference <c>m_channels</c>, default 1 in the standard variant); equals the length of <see cref="MOpponency"/>.</summary>
    public int MChannels { get; init; } = 1;

    /// <summary>Colour opponency of each M channel (default w/b, the reference's only M opponency).</summary>
    public IReadOnlyList<ColourOpponency> MOpponency
    {
        get => _mOpponency;
        init => _mOpponency = [.. value ?? throw new ArgumentNullException(nameof(value))];
    }

    /// <summary>
    /// Input colour channels: 3 for RGB (default), 1 for grayscale, where each difference of Gaussians is the sum of its
    /// per-colour kernels (as the reference builds it when <c>in_channels == 1</c>).
    /// </summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Image side in pixels (reference <c>image_size</c>, default 224); sets the resolution and the kernel cap.</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Visual angle spanned by the image, degrees (reference <c>visual_degrees</c>, default 7).</summary>
    public double VisualDegrees { get; init; } = 7;

    /// <summary>Tuned parameters of the P cells (default <see cref="SubcorticalCellParameters.TunedP"/>).</summary>
    public SubcorticalCellParameters PCell { get; init; } = SubcorticalCellParameters.TunedP;

    /// <summary>Tuned parameters of the M cells (default <see cref="SubcorticalCellParameters.TunedM"/>).</summary>
    public SubcorticalCellParameters MCell { get; init; } = SubcorticalCellParameters.TunedM;

    /// <summary>Share of a Gaussian's energy a kernel keeps, which sets its size (the reference's <c>energy</c>, default 0.75).</summary>
    public double KernelEnergy { get; init; } = 0.75;

    /// <summary>Whether light adaptation runs: <c>(x − μ)/(μ + ε)</c> with μ the image's mean over channels and pixels (reference <c>with_light_adapt</c>, default true).</summary>
    public bool LightAdaptation { get; init; } = true;

    /// <summary>Whether the difference-of-Gaussians filters run (reference <c>with_dog</c>, default true).</summary>
    public bool Dog { get; init; } = true;

    /// <summary>Whether contrast normalisation <c>x / (√(G ∗ x²) + c50)^n</c> runs (reference <c>with_contrast_norm</c>, default true).</summary>
    public bool ContrastNormalization { get; init; } = true;

    /// <summary>Whether a ReLU follows the contrast normalisation (reference <c>with_relu</c>; default false, as <c>EVNet()</c> passes).</summary>
    public bool Relu { get; init; }

    /// <summary>
    /// Whether light adaptation averages only pixels above <see cref="LightAdaptThresholdValue"/> and uses it as its
    /// denominator constant (reference <c>light_adapt_threshold</c>, default false).
    /// </summary>
    public bool LightAdaptThreshold { get; init; }

    /// <summary>Noise model (default <see cref="V1.NoiseMode.Neuronal"/>; <see cref="V1.NoiseMode.Gaussian"/> is not defined for this block).</summary>
    public NoiseMode NoiseMode { get; init; } = NoiseMode.Neuronal;

    /// <summary>Fano factor of the neuronal noise, <c>x + r·√(fano·(|x| + ε))</c> with <c>r ~ N(0, 1)</c> (reference <c>subcort_fano_factor</c>, default 0.4).</summary>
    public double FanoFactor { get; init; } = 0.4;

    /// <summary>When noise is applied (default <see cref="NoiseControl.AlwaysOn"/>, the reference's).</summary>
    public NoiseControl NoiseControl { get; init; } = NoiseControl.AlwaysOn;

    /// <summary>Seed used by <see cref="NoiseControl.FixedSeed"/> and, until <see cref="SubcorticalBlock.Reseed"/>, by fresh noise (default 0).</summary>
    public long NoiseSeed { get; init; }

    /// <summary>Pixels per degree, <c>ImageSize / VisualDegrees</c> (32 by default).</summary>
    public double PixelsPerDegree => ImageSize / VisualDegrees;

    /// <summary>The factor applied to every radius, <c>PixelsPerDegree / (224 / 7)</c> (reference <c>res_factor</c>, 1 by default).</summary>
    public double ResolutionFactor => PixelsPerDegree / ReferencePixelsPerDegree;

    /// <summary>The largest kernel side, <c>2·ImageSize − 1</c> (the reference's <c>ks_max</c>).</summary>
    public int MaxKernelSize => (2 * ImageSize) - 1;

    /// <summary>Number of output channels, <c>PChannels + MChannels</c>.</summary>
    public int OutputChannels => PChannels + MChannels;

    /// <summary>The pathways present, P first (a pathway with no channels is left out, as the reference leaves out its convolution).</summary>
    public IReadOnlyList<RetinalPathway> Pathways =>
        (PChannels, MChannels) switch
        {
            ( > 0, > 0) => [RetinalPathway.Parvocellular, RetinalPathway.Magnocellular],
            ( > 0, _) => [RetinalPathway.Parvocellular],
            _ => [RetinalPathway.Magnocellular],
        };

    /// <summary>Number of channels of a pathway.</summary>
    /// <param name="pathway">The pathway.</param>
    public int Channels(RetinalPathway pathway) => pathway == RetinalPathway.Parvocellular ? PChannels : MChannels;

    /// <summary>The tuned parameters of a pathway's cells.</summary>
    /// <param name="pathway">The pathway.</param>
    public SubcorticalCellParameters Cell(RetinalPathway pathway) => pathway == RetinalPathway.Parvocellular ? PCell : MCell;

    /// <summary>The colour opponency of a pathway's channels.</summary>
    /// <param name="pathway">The pathway.</param>
    public IReadOnlyList<ColourOpponency> Opponency(RetinalPathway pathway) => pathway == RetinalPathway.Parvocellular ? POpponency : MOpponency;

    /// <summary>Centre radius of a pathway's difference of Gaussians in pixels at this resolution (float32-rounded, as the reference's <c>rc_dog</c>).</summary>
    /// <param name="pathway">The pathway.</param>
    public double CentreRadius(RetinalPathway pathway) => Scaled(Cell(pathway).CentreRadius);

    /// <summary>Surround radius of a pathway's difference of Gaussians in pixels at this resolution (float32-rounded, as the reference's <c>rs_dog</c>).</summary>
    /// <param name="pathway">The pathway.</param>
    public double SurroundRadius(RetinalPathway pathway) => Scaled(Cell(pathway).SurroundRadius);

    /// <summary>Radius of a pathway's contrast-normalisation pool in pixels at this resolution (float32-rounded, as the reference's <c>radius_cn</c>).</summary>
    /// <param name="pathway">The pathway.</param>
    public double NormalisationRadius(RetinalPathway pathway) => Scaled(Cell(pathway).NormalisationRadius);

    /// <summary>Kernel side of a pathway's difference of Gaussians: the surround's energy rule, capped at <see cref="MaxKernelSize"/>.</summary>
    /// <param name="pathway">The pathway.</param>
    public int DogKernelSize(RetinalPathway pathway) => Math.Min(KernelSize(SurroundRadius(pathway), KernelEnergy), MaxKernelSize);

    /// <summary>Kernel side of a pathway's contrast-normalisation pool: the energy rule, capped at <see cref="MaxKernelSize"/>.</summary>
    /// <param name="pathway">The pathway.</param>
    public int NormalisationKernelSize(RetinalPathway pathway) => Math.Min(KernelSize(NormalisationRadius(pathway), KernelEnergy), MaxKernelSize);

    /// <summary>
    /// The reference's <c>get_kernel_size</c>: the odd side <c>2⌈r_min⌉ + 1</c> of a square holding the disc of radius
    /// <c>r_min = √(−2 ln(1 − energy))·σ</c>, σ = radius/√2, inside which a 2-D Gaussian keeps <paramref name="energy"/> of
    /// its volume; 1 for an infinite radius.
    /// </summary>
    /// <param name="radius">Gaussian radius (σ·√2), pixels.</param>
    /// <param name="energy">Share of the volume kept, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">The energy is not in (0, 1) or the radius is not positive.</exception>
    public static int KernelSize(double radius, double energy)
    {
        if (!(energy > 0 && energy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(energy), energy, "The kernel energy must lie in (0, 1).");
        }

        if (double.IsPositiveInfinity(radius))
        {
            return 1;
        }

        if (!(radius > 0) || double.IsNaN(radius))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "A Gaussian radius must be positive.");
        }

        double sigma = radius / Math.Sqrt(2);
        double rMin = Math.Sqrt(-2 * Math.Log(1 - energy)) * sigma;
        return checked((2 * (int)Math.Ceiling(rMin)) + 1);
    }

    /// <summary>
    /// Options for <paramref name="imageSize"/>-pixel images at the reference's resolution: 32 pixels per degree
    /// (<c>VisualDegrees = imageSize / 32</c>), so every radius in pixels stays the reference's and only the kernel cap
    /// (<c>2·imageSize − 1</c>) follows the size, as the reference's does. (<c>EVNet(image_size=...)</c> with its default
    /// 7 degrees instead shrinks every radius with the image: at 28 pixels the P centre radius is 0.19 pixel.)
    /// </summary>
    /// <param name="imageSize">Image side, at least 8 pixels.</param>
    /// <param name="inputChannels">1 (grayscale) or 3 (colour).</param>
    /// <param name="baseOptions">Options to start from (channels, cells, stages, noise); null for the reference defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is below 8 or the channel count is not 1 or 3.</exception>
    public static SubcorticalBlockOptions ForImageSize(int imageSize, int inputChannels = 3, SubcorticalBlockOptions? baseOptions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 8);
        if (inputChannels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, "Use 1 (grayscale) or 3 (colour) input channels.");
        }

        return (baseOptions ?? new SubcorticalBlockOptions()) with
        {
            ImageSize = imageSize,
            VisualDegrees = imageSize / ReferencePixelsPerDegree,
            InputChannels = inputChannels,
        };
    }

    /// <summary>
    /// Number of channels that reach the gain <c>k_exc</c> before the check that they are <see cref="OutputChannels"/>:
    /// the input's, one copy per pathway after light adaptation, <c>P + M</c> after the difference of Gaussians or the
    /// contrast normalisation (which reads the first <c>P + M</c>, as the reference indexes them).
    /// </summary>
    internal int ChannelsBeforeGain
    {
        get
        {
            int c = InputChannels * (LightAdaptation ? Pathways.Count : 1);
            if (Dog || ContrastNormalization)
            {
                c = OutputChannels;
            }

            return c;
        }
    }

    /// <summary>Value equality over every option, the opponency lists compared element by element (a record's default compares list references).</summary>
    /// <param name="other">The options to compare with.</param>
    public bool Equals(SubcorticalBlockOptions? other) =>
        other is not null && (ReferenceEquals(this, other) || (
            PChannels == other.PChannels && MChannels == other.MChannels && InputChannels == other.InputChannels && ImageSize == other.ImageSize
            && VisualDegrees.Equals(other.VisualDegrees) && PCell == other.PCell && MCell == other.MCell && KernelEnergy.Equals(other.KernelEnergy)
            && LightAdaptation == other.LightAdaptation && Dog == other.Dog && ContrastNormalization == other.ContrastNormalization && Relu == other.Relu
            && LightAdaptThreshold == other.LightAdaptThreshold && NoiseMode == other.NoiseMode && FanoFactor.Equals(other.FanoFactor)
            && NoiseControl == other.NoiseControl && NoiseSeed == other.NoiseSeed
            && POpponency.SequenceEqual(other.POpponency) && MOpponency.SequenceEqual(other.MOpponency)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PChannels);
        hash.Add(MChannels);
        hash.Add(InputChannels);
        hash.Add(ImageSize);
        hash.Add(VisualDegrees);
        hash.Add(PCell);
        hash.Add(MCell);
        hash.Add(NoiseMode);
        hash.Add(FanoFactor);
        hash.Add(NoiseControl);
        foreach (var o in POpponency)
        {
            hash.Add(o);
        }

        foreach (var o in MOpponency)
        {
            hash.Add(o);
        }

        return hash.ToHashCode();
    }

    /// <summary>Checks the options and returns this instance.</summary>
    /// <exception cref="ArgumentException">An option is out of range or the stages do not produce <c>P + M</c> channels.</exception>
    public SubcorticalBlockOptions Validate()
    {
        if (PChannels < 0 || MChannels < 0 || OutputChannels == 0)
        {
            throw new ArgumentException($"SubcorticalBlock needs a positive channel count (P {PChannels}, M {MChannels}).");
        }

        if (POpponency.Count != PChannels || MOpponency.Count != MChannels)
        {
            throw new ArgumentException(
                $"SubcorticalBlock needs one colour opponency per channel: P {PChannels} channels with {POpponency.Count} opponencies, M {MChannels} with {MOpponency.Count}.");
        }

        if (POpponency.Concat(MOpponency).Any(o => !Enum.IsDefined(o)))
        {
            throw new ArgumentException("Unknown colour opponency in SubcorticalBlock options.");
        }

        if (InputChannels is not (1 or 3))
        {
            throw new ArgumentException($"SubcorticalBlock takes 3 (RGB) or 1 (grayscale) input channels; got {InputChannels}.");
        }

        if (ImageSize < 1 || !(VisualDegrees > 0) || !double.IsFinite(VisualDegrees))
        {
            throw new ArgumentException($"SubcorticalBlock needs ImageSize >= 1 and finite VisualDegrees > 0 (got {ImageSize}, {VisualDegrees}).");
        }

        if (!(KernelEnergy > 0 && KernelEnergy < 1))
        {
            throw new ArgumentException($"SubcorticalBlock needs KernelEnergy in (0, 1); got {KernelEnergy}.");
        }

        ArgumentNullException.ThrowIfNull(PCell);
        ArgumentNullException.ThrowIfNull(MCell);
        PCell.Validate("P cell");
        MCell.Validate("M cell");
        if (!Enum.IsDefined(NoiseMode) || !Enum.IsDefined(NoiseControl))
        {
            throw new ArgumentException("Unknown SubcorticalBlock noise mode or noise control.");
        }

        if (NoiseMode == NoiseMode.Gaussian)
        {
            throw new ArgumentException("SubcorticalBlock noise is NoiseMode.Neuronal or NoiseMode.None (the reference defines no Gaussian noise for it).");
        }

        if (!(FanoFactor >= 0) || !double.IsFinite(FanoFactor))
        {
            throw new ArgumentException($"SubcorticalBlock needs a finite FanoFactor >= 0; got {FanoFactor}.");
        }

        int before = InputChannels * (LightAdaptation ? Pathways.Count : 1);
        if (!Dog && ContrastNormalization && before < OutputChannels)
        {
            throw new ArgumentException(
                $"Without the difference of Gaussians the contrast normalisation reads the first {OutputChannels} channels of the {before} it gets; there are too few.");
        }

        if (ChannelsBeforeGain != OutputChannels)
        {
            throw new ArgumentException(
                $"Without the difference of Gaussians and the contrast normalisation the block passes on {ChannelsBeforeGain} channels, not the P + M = {OutputChannels} its gain k_exc has.");
        }

        return this;
    }

    // The reference multiplies float32 radius arrays by the resolution factor in float32.
    private double Scaled(double radius) => (float)radius * (float)ResolutionFactor;
}
