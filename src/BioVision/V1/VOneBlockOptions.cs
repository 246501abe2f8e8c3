using System.Text.Json.Serialization;
using BioVision.Stochastic;

namespace BioVision.V1;

/// <summary>
/// Options of <see cref="VOneBlock"/>. Every default equals the reference <c>VOneNet()</c>: 256 simple + 256 complex
/// channels, 25-pixel kernels, stride 4, 224-pixel images spanning 8 degrees, sf_max 9, k_exc 25, neuronal noise with
/// scale 0.35 and level 0.07, noise in training and evaluation.
/// </summary>
/// <example><code>var options = new VOneBlockOptions { NoiseMode = NoiseMode.None } with { Stride = 2 };</code></example>
public sealed record VOneBlockOptions
{
    /// <summary>Number of simple cells (default 256).</summary>
    public int SimpleChannels { get; init; } = 256;

    /// <summary>Number of complex cells (default 256).</summary>
    public int ComplexChannels { get; init; } = 256;

    /// <summary>Input colour channels: 3 for RGB (default), 1 for grayscale.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Gabor kernel side in pixels (default 25).</summary>
    public int KernelSize { get; init; } = 25;

    /// <summary>Convolution stride (default 4).</summary>
    public int Stride { get; init; } = 4;

    /// <summary>Image side in pixels (default 224).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Visual angle spanned by the image, degrees (default 8).</summary>
    public double VisualDegrees { get; init; } = 8;

    /// <summary>Gain applied to simple and complex responses (reference <c>k_exc</c>, default 25).</summary>
    public double KExc { get; init; } = 25;

    /// <summary>Noise model (default <see cref="V1.NoiseMode.Neuronal"/>).</summary>
    public NoiseMode NoiseMode { get; init; } = NoiseMode.Neuronal;

    /// <summary>Noise scale <c>s</c> (default 0.35).</summary>
    public double NoiseScale { get; init; } = 0.35;

    /// <summary>Noise level <c>l</c> (default 0.07; used by neuronal noise).</summary>
    public double NoiseLevel { get; init; } = 0.07;

    /// <summary>
    /// Fano factor <c>F</c> of <see cref="NoiseMode.Neuronal"/> noise: the noise variance is <c>F</c> times the rate
    /// (null, the default: 1, VOneNet's Poisson-like noise; EVNet's standard variant uses 0.93). Null is not written to
    /// JSON, so specs written before this option keep their fingerprints.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FanoFactor { get; init; }

    /// <summary>What neuronal noise returns (default <see cref="V1.NoiseOutput.RescaledRectified"/>, VOneNet's; EVNet's is <see cref="V1.NoiseOutput.Raw"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NoiseOutput NoiseOutput { get; init; }

    /// <summary>The filters (default <see cref="V1FilterKind.Gabor"/>; <see cref="V1FilterKind.Random"/> is the fixed random-filter control).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public V1FilterKind Filters { get; init; }

    /// <summary>
    /// Whether the filters are trained with the rest of the model (default false: fixed, as in VOneNet). True gives the
    /// "learned V1" control: initialised as the block's filters, then free. Trainable filters run densely
    /// (<see cref="GfbImplementation.Dense"/>), so gradients reach every weight of <c>simple_conv_q0/q1.weight</c>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TrainableFilters { get; init; }

    /// <summary>Divisive normalisation of the cells before the noise (default null: none, as in VOneNet).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DivisiveNormalizationOptions? Normalization { get; init; }

    /// <summary>The Fano factor in effect (<see cref="FanoFactor"/>, or 1).</summary>
    [JsonIgnore]
    public double EffectiveFanoFactor => FanoFactor ?? 1;

    /// <summary>When noise is applied (default <see cref="NoiseControl.AlwaysOn"/>, the reference's).</summary>
    public NoiseControl NoiseControl { get; init; } = NoiseControl.AlwaysOn;

    /// <summary>Seed used by <see cref="NoiseControl.FixedSeed"/> (default 0).</summary>
    public long NoiseSeed { get; init; }

    /// <summary>Parameter sampling (seed, distributions, sf range, colour pairing); defaults as the reference.</summary>
    public V1SamplerOptions Sampler { get; init; } = new();

    /// <summary>
    /// Fix (on by default, it does not change any forward value): the complex-cell square root gets gradient 0 where
    /// both quadrature responses are 0, instead of the reference's NaN. Set false to reproduce the reference's NaN.
    /// </summary>
    public bool FiniteComplexGradient { get; init; } = true;

    /// <summary>Convolution strategy (default <see cref="GfbImplementation.PerChannel"/>, 4× less work than the reference's dense convolutions).</summary>
    public GfbImplementation Implementation { get; init; } = GfbImplementation.PerChannel;

    /// <summary>Pixels per degree, <c>ImageSize / VisualDegrees</c> (28 by default).</summary>
    public double PixelsPerDegree => ImageSize / VisualDegrees;

    /// <summary>Number of output channels.</summary>
    public int OutputChannels => SimpleChannels + ComplexChannels;

    /// <summary>Checks the options and returns this instance.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public VOneBlockOptions Validate()
    {
        if (SimpleChannels < 0 || ComplexChannels < 0 || OutputChannels == 0)
        {
            throw new ArgumentException($"VOneBlock needs a positive channel count (simple {SimpleChannels}, complex {ComplexChannels}).");
        }

        if (InputChannels < 1 || KernelSize < 1 || Stride < 1 || ImageSize < 1)
        {
            throw new ArgumentException($"VOneBlock needs InputChannels, KernelSize, Stride and ImageSize >= 1 (got {InputChannels}, {KernelSize}, {Stride}, {ImageSize}).");
        }

        if (!(VisualDegrees > 0) || !double.IsFinite(KExc) || !(NoiseScale > 0) || !double.IsFinite(NoiseLevel))
        {
            throw new ArgumentException("VOneBlock needs VisualDegrees > 0, NoiseScale > 0 and finite KExc and NoiseLevel.");
        }

        if (!Enum.IsDefined(NoiseMode) || !Enum.IsDefined(NoiseControl) || !Enum.IsDefined(Implementation) || !Enum.IsDefined(NoiseOutput) || !Enum.IsDefined(Filters))
        {
            throw new ArgumentException("Unknown VOneBlock noise mode, noise control, noise output, filter kind or implementation.");
        }

        if (FanoFactor is double fano && !(fano > 0 && double.IsFinite(fano)))
        {
            throw new ArgumentException($"VOneBlock needs a positive, finite Fano factor (got {fano}).");
        }

        Normalization?.Validate();

        return this;
    }
}
