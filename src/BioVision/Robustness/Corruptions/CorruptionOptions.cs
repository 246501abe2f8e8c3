namespace BioVision.Robustness.Corruptions;

/// <summary>Which corruptions an evaluation applies. Defaults: all 15 at severities 1–5, table by image size, no baseline.</summary>
public sealed record CorruptionOptions
{
    /// <summary>The corruptions. Default all 15.</summary>
    public IReadOnlyList<CorruptionKind> Kinds { get; init; } = Enum.GetValues<CorruptionKind>();

    /// <summary>The severities (1–5). Default 1, 2, 3, 4, 5.</summary>
    public IReadOnlyList<int> Severities { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>The parameter table (null: by image size). Default null.</summary>
    public CorruptionParameterSet? ParameterSet { get; init; }

    /// <summary>Where the published generators disagree (zoom blur's crop, pixelate's upsampling). Default: the released data sets' generators.</summary>
    public CorruptionStyle Style { get; init; } = CorruptionStyle.Reference;

    /// <summary>The model whose errors normalise CE and relative CE (null: no mCE). Default null.</summary>
    public CorruptionBaseline? Baseline { get; init; }
}
