namespace BioVision.Benchmarks.V1Properties;

/// <summary>One property's score for one layer.</summary>
public sealed record PropertyScore
{
    /// <summary>The property (benchmark id without <c>Marques2020_</c>).</summary>
    public string Property { get; init; } = "";

    /// <summary>The parent group.</summary>
    public string Group { get; init; } = "";

    /// <summary>Model neurons that passed the property's response criterion (including those without a value).</summary>
    public int Units { get; init; }

    /// <summary>Of <see cref="Units"/>, those with a value (e.g. a summation field only exists when suppressed).</summary>
    public int UnitsWithValue { get; init; }

    /// <summary>Bootstrap mean of the KS similarity.</summary>
    public double Raw { get; init; }

    /// <summary>Bootstrap standard deviation of the KS similarity.</summary>
    public double RawStd { get; init; }

    /// <summary>The ceiling (the data against itself with the same bootstrap).</summary>
    public double Ceiling { get; init; }

    /// <summary><see cref="Raw"/> / <see cref="Ceiling"/>.</summary>
    public double Ceiled { get; init; }

    /// <summary>The reference implementation's ceiling (its tests, ±0.005).</summary>
    public double ReferenceCeiling { get; init; }

    /// <summary>The reference's AlexNet ceiled score (its tests, ±0.01), for comparison.</summary>
    public double ReferenceAlexNet { get; init; }
}
