namespace BioVision.Benchmarks.V1Properties;

/// <summary>The V1 property measurement and scores of one layer.</summary>
public sealed record LayerV1Properties
{
    /// <summary>The layer's activation name.</summary>
    public string Layer { get; init; } = "";

    /// <summary>Units in the layer.</summary>
    public long LayerUnits { get; init; }

    /// <summary>Units recorded for receptive-field mapping (candidates near the stimulus, at most the per-layer maximum).</summary>
    public int MappedUnits { get; init; }

    /// <summary>Units whose receptive-field centre lies within the selection distance of the stimulus.</summary>
    public int ReceptiveFieldUnits { get; init; }

    /// <summary>
    /// When the maps were lowered by a noise floor (<see cref="V1PropertiesOptions.ReceptiveFieldNoiseFloor"/>), the units
    /// the reference's unlowered maps would have selected instead; null otherwise.
    /// </summary>
    public int? ReferenceReceptiveFieldUnits { get; init; }

    /// <summary>Of those, units responsive enough to enter the firing-rate calibration.</summary>
    public int ResponsiveUnits { get; init; }

    /// <summary>Calibration slope, spikes/s per activation unit.</summary>
    public double Slope { get; init; }

    /// <summary>Calibration offset, spikes/s.</summary>
    public double Offset { get; init; }

    /// <summary>Why the layer could not be scored, or null.</summary>
    public string? Problem { get; init; }

    /// <summary>Scores of the seven offline properties.</summary>
    public IReadOnlyList<PropertyScore> Scores { get; init; } = [];

    /// <summary>Mean ceiled score per parent group.</summary>
    public IReadOnlyList<GroupScore> Groups { get; init; } = [];

    /// <summary>Mean of the group scores (0 for a layer that could not be scored).</summary>
    public double Score { get; init; }

    /// <summary>The Ringach 2002 properties, measured without a score.</summary>
    public IReadOnlyList<UnscoredProperty> Unscored { get; init; } = [];

    /// <summary>Every property's per-unit values (NaN: no value), keyed by property name, for plots and re-scoring.</summary>
    public IReadOnlyDictionary<string, double[]> Values { get; init; } = new Dictionary<string, double[]>();
}
