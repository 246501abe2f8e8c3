namespace BioVision.V1;

/// <summary>Options of <see cref="V1Sampler"/>; defaults equal the reference <c>VOneNet()</c> call (sf_max 9, correlation 0.75).</summary>
public sealed record V1SamplerOptions
{
    /// <summary>
    /// Seed of the parameter stream (reference <c>gabor_seed</c>, default 0). NumPy's legacy <c>RandomState</c> takes
    /// 0 to 2^32 - 1, and so does this (the exact-reference stream); other values are refused by the sampler, as NumPy does.
    /// </summary>
    public long Seed { get; init; }

    /// <summary>Parameter distributions (default <see cref="V1Distribution.Neuronal"/>).</summary>
    public V1Distribution Distribution { get; init; } = V1Distribution.Neuronal;

    /// <summary>Correlation of the Gaussian copula between nx and peak spatial frequency (reference <c>sf_corr</c>, default 0.75).</summary>
    public double SfCorrelation { get; init; } = 0.75;

    /// <summary>Highest spatial-frequency bin edge kept, cycles/degree (reference <c>sf_max</c>, default 9; the paper used 6).</summary>
    public double SfMax { get; init; } = 9;

    /// <summary>Lowest spatial-frequency bin edge kept, cycles/degree (reference <c>sf_min</c>, default 0).</summary>
    public double SfMin { get; init; }

    /// <summary>Seed of the colour-channel draws (the reference uses torch's global generator; its golden values use torch seed 0).</summary>
    public long ColorSeed { get; init; }

    /// <summary>Colour-channel pairing of quadrature filters (default <see cref="QuadratureColor.Independent"/>, the reference's).</summary>
    public QuadratureColor QuadratureColor { get; init; } = QuadratureColor.Independent;
}
