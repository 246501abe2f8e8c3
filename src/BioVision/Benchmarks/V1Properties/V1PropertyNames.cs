namespace BioVision.Benchmarks.V1Properties;

/// <summary>Names of the measured properties (Brain-Score benchmark ids without the <c>Marques2020_</c> prefix).</summary>
public static class V1PropertyNames
{
    /// <summary>Preferred orientation, degrees in [−22.5, 157.5) (De Valois 1982a).</summary>
    public const string PreferredOrientation = "DeValois1982-pref_or";

    /// <summary>Peak spatial frequency, cycles/degree (De Valois 1982b).</summary>
    public const string PeakSpatialFrequency = "DeValois1982-peak_sf";

    /// <summary>Spatial-frequency selective, 1 or 0 (Schiller 1976).</summary>
    public const string SpatialFrequencySelective = "Schiller1976-sf_selective";

    /// <summary>Spatial-frequency bandwidth, <c>100 · f_low / f_high</c> (Schiller 1976).</summary>
    public const string SpatialFrequencyBandwidth = "Schiller1976-sf_bandwidth";

    /// <summary>Surround suppression index (Cavanaugh 2002).</summary>
    public const string SurroundSuppressionIndex = "Cavanaugh2002-surround_suppression_index";

    /// <summary>Grating summation field diameter, degrees (Cavanaugh 2002).</summary>
    public const string GratingSummationField = "Cavanaugh2002-grating_summation_field";

    /// <summary>Surround diameter, degrees (Cavanaugh 2002).</summary>
    public const string SurroundDiameter = "Cavanaugh2002-surround_diameter";

    /// <summary>Circular variance (Ringach 2002; no offline data).</summary>
    public const string CircularVariance = "Ringach2002-circular_variance";

    /// <summary>Orientation half-bandwidth at 1/√2 of the peak, degrees (Ringach 2002; no offline data).</summary>
    public const string OrientationBandwidth = "Ringach2002-or_bandwidth";

    /// <summary>Orthogonal/preferred response ratio (Ringach 2002; no offline data).</summary>
    public const string OrthogonalPreferredRatio = "Ringach2002-orth_pref_ratio";

    /// <summary>F1/F0 modulation ratio at the preferred grating (Ringach 2002; no offline data).</summary>
    public const string ModulationRatio = "Ringach2002-modulation_ratio";

    /// <summary>Largest mean (DC) rate, spikes/s (Ringach 2002; no offline data).</summary>
    public const string MaxDc = "Ringach2002-max_dc";

    /// <summary>The unscored (Ringach) properties, in table order.</summary>
    public static IReadOnlyList<string> Unscored { get; } = [CircularVariance, OrientationBandwidth, OrthogonalPreferredRatio, ModulationRatio, MaxDc];
}
