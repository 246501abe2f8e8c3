namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// A property measured without a score because its recorded distribution is not available offline (Ringach 2002),
/// summarised by quartiles over the units with a value.
/// </summary>
public sealed record UnscoredProperty
{
    /// <summary>The property, e.g. <c>Ringach2002-circular_variance</c>.</summary>
    public string Property { get; init; } = "";

    /// <summary>Units that passed the response criterion.</summary>
    public int Units { get; init; }

    /// <summary>Units with a value.</summary>
    public int UnitsWithValue { get; init; }

    /// <summary>First quartile.</summary>
    public double Q25 { get; init; }

    /// <summary>Median.</summary>
    public double Median { get; init; }

    /// <summary>Third quartile.</summary>
    public double Q75 { get; init; }
}
