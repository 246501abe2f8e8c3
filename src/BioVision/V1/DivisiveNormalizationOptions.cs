namespace BioVision.V1;

/// <summary>
/// Divisive normalisation of the V1 block's simple and complex cells (Heeger 1992; Carandini &amp; Heeger 2012): each
/// response <c>E ≥ 0</c> (after <c>k_exc</c>, before the noise) becomes
/// <c>σ · Eⁿ / (σⁿ + w · P)</c>, where the pool <c>P(x) = Σ_y G(x − y) M(y) / Σ_y G(x − y)</c> is a normalised Gaussian
/// average (standard deviation <see cref="PoolSigmaDegrees"/>) of <c>M = mean over the pooled channels of Eⁿ</c>.
/// </summary>
/// <remarks>
/// <para>Why this form: <c>Eⁿ/(σⁿ + P)</c> is the normalisation model's canonical equation; the factor <c>σ</c> keeps the
/// output in the response's units, so the Poisson-like noise that follows keeps its meaning. For a lone unit with no
/// pooled neighbours active it is the contrast-response (Naka–Rushton) curve <c>σEⁿ/(σⁿ + Eⁿ/C)</c>; when a grating grows
/// past the receptive field, <c>E</c> stops growing while the pool still grows, so the response falls (surround
/// suppression), and with <see cref="NormalizationPool.AllChannels"/> a mask of another orientation raises the pool too
/// (cross-orientation suppression). The plain VOneBlock has neither: its units' responses grow until the grating
/// fills the receptive field and then stay.</para>
/// <para>The Gaussian is evaluated on the block's output grid (<c>PixelsPerDegree / Stride</c> positions per degree), so
/// scaled blocks for small images keep the pool's extent in degrees; it is truncated at <c>⌈3σ⌉</c> grid positions (and at
/// the map's own extent). Dividing by the Gaussian's own sum over the image
/// (a normalised convolution) keeps border units from being less suppressed than central ones.</para>
/// </remarks>
public sealed record DivisiveNormalizationOptions
{
    /// <summary>Exponent <c>n</c> applied to responses and pool (default 2, Heeger 1992's squaring).</summary>
    public double Exponent { get; init; } = 2;

    /// <summary>Semi-saturation constant <c>σ</c>, in output units (after <c>k_exc</c>; default 1, the reference block's mean activation on natural images).</summary>
    public double SemiSaturation { get; init; } = 1;

    /// <summary>Weight <c>w</c> of the pool (default 1).</summary>
    public double PoolWeight { get; init; } = 1;

    /// <summary>
    /// Standard deviation of the spatial pool in degrees of visual angle (default 0.5°, two to three times the typical
    /// Gabor envelope of the block — 0.1–0.3° — as the suppressive surround of macaque V1 is two to three times the
    /// classical receptive field, Cavanaugh et al. 2002).
    /// </summary>
    public double PoolSigmaDegrees { get; init; } = 0.5;

    /// <summary>Which channels pool (default <see cref="NormalizationPool.AllChannels"/>).</summary>
    public NormalizationPool Pool { get; init; } = NormalizationPool.AllChannels;

    /// <summary>Checks the options and returns this instance.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DivisiveNormalizationOptions Validate()
    {
        if (!(Exponent >= 1 && Exponent <= 4))
        {
            throw new ArgumentException($"Divisive normalisation needs an exponent in [1, 4] (got {Exponent}): below 1 the response has an infinite slope at zero.");
        }

        if (!(SemiSaturation > 0) || !double.IsFinite(SemiSaturation))
        {
            throw new ArgumentException($"Divisive normalisation needs a positive, finite semi-saturation constant (got {SemiSaturation}).");
        }

        if (!(PoolWeight >= 0) || !double.IsFinite(PoolWeight))
        {
            throw new ArgumentException($"Divisive normalisation needs a non-negative, finite pool weight (got {PoolWeight}).");
        }

        if (!(PoolSigmaDegrees > 0) || !double.IsFinite(PoolSigmaDegrees))
        {
            throw new ArgumentException($"Divisive normalisation needs a positive pool width in degrees (got {PoolSigmaDegrees}).");
        }

        if (!Enum.IsDefined(Pool))
        {
            throw new ArgumentException($"Unknown normalisation pool {Pool}.");
        }

        return this;
    }
}
