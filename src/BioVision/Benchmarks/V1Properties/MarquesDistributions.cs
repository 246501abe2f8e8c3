namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The seven recorded distributions of the Marques et al. (2021) V1 benchmarks that are literal data in Brain-Score's
/// packaging code (De Valois, Yund &amp; Hepler 1982; De Valois, Albrecht &amp; Thorell 1982; Schiller, Finlay &amp; Volman
/// 1976; Cavanaugh, Bair &amp; Movshon 2002). The Ringach 2002 and Freeman &amp; Ziemba 2013 distributions are only
/// distributed through Brain-Score's S3 store and are not included.
/// </summary>
/// <remarks>
/// These few histograms are embedded (as the reference embeds them in code) so a user needs no data download; the
/// tests compare them with <c>reference/v1-properties/marques2020_offline.json</c>. Bootstrap sample sizes are the
/// neurons of each assembly: 190 for Cavanaugh (148 with a summation field), 87 for Schiller (73 selective).
/// </remarks>
public static class MarquesDistributions
{
    /// <summary>Group of preferred orientation.</summary>
    public const string OrientationGroup = "V1-orientation";

    /// <summary>Group of the spatial-frequency properties.</summary>
    public const string SpatialFrequencyGroup = "V1-spatial_frequency";

    /// <summary>Group of the summation field and surround diameter.</summary>
    public const string ReceptiveFieldSizeGroup = "V1-receptive_field_size";

    /// <summary>Group of the surround suppression index.</summary>
    public const string SurroundModulationGroup = "V1-surround_modulation";

    /// <summary>De Valois et al. 1982a: preferred orientation, degrees (wrapped to [−22.5, 157.5)), 385 neurons.</summary>
    public static PropertyDistribution PreferredOrientation { get; } = new(
        "DeValois1982-pref_or", OrientationGroup, "deg", [-22.5, 22.5, 67.5, 112.5, 157.5], [110, 83, 100, 92], 385, false, 0.962, 0.895);

    /// <summary>De Valois et al. 1982b: peak spatial frequency, cycles/degree, 363 neurons.</summary>
    public static PropertyDistribution PeakSpatialFrequency { get; } = new(
        "DeValois1982-peak_sf", SpatialFrequencyGroup, "cpd", [0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6, 8.0, 11.2, 16.0, 22.4],
        [3, 10, 15, 31, 57, 62, 67, 63, 31, 15, 5, 4], 363, true, 0.967, 0.775);

    /// <summary>Schiller et al. 1976: spatial-frequency selective (1) or not (0), 87 neurons.</summary>
    public static PropertyDistribution SpatialFrequencySelective { get; } = new(
        "Schiller1976-sf_selective", SpatialFrequencyGroup, "", [0, 0.5, 1], [14, 73], 87, false, 0.963, 0.808);

    /// <summary>Schiller et al. 1976: spatial-frequency bandwidth <c>100 · f_low / f_high</c> at 0.707 of the peak, 87 neurons (73 with a bandwidth).</summary>
    public static PropertyDistribution SpatialFrequencyBandwidth { get; } = new(
        "Schiller1976-sf_bandwidth", SpatialFrequencyGroup, "%", [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
        [0, 3, 4, 16, 22, 16, 9, 3, 0, 0], 87, false, 0.933, 0.869);

    /// <summary>Cavanaugh et al. 2002: surround suppression index, 190 neurons.</summary>
    public static PropertyDistribution SurroundSuppressionIndex { get; } = new(
        "Cavanaugh2002-surround_suppression_index", SurroundModulationGroup, "", [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0],
        [66, 44, 38, 23, 16, 3, 0, 0, 0, 0], 190, false, 0.958, 0.365);

    /// <summary>Cavanaugh et al. 2002: grating summation field (diameter), degrees, 190 neurons (148 suppressed).</summary>
    public static PropertyDistribution GratingSummationField { get; } = new(
        "Cavanaugh2002-grating_summation_field", ReceptiveFieldSizeGroup, "deg", [0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0],
        [0, 9, 30, 55, 42, 10, 2, 0], 190, true, 0.956, 0.599);

    /// <summary>Cavanaugh et al. 2002: surround diameter, degrees, 190 neurons (148 suppressed).</summary>
    public static PropertyDistribution SurroundDiameter { get; } = new(
        "Cavanaugh2002-surround_diameter", ReceptiveFieldSizeGroup, "deg", [0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0],
        [0, 0, 2, 20, 33, 49, 40, 4], 190, true, 0.955, 0.367);

    /// <summary>The seven, in the order of the reference's tables.</summary>
    public static IReadOnlyList<PropertyDistribution> All { get; } =
    [
        PreferredOrientation, PeakSpatialFrequency, SpatialFrequencySelective, SpatialFrequencyBandwidth,
        SurroundSuppressionIndex, GratingSummationField, SurroundDiameter,
    ];

    /// <summary>Finds a distribution by <see cref="PropertyDistribution.Name"/>.</summary>
    /// <param name="name">The property name.</param>
    /// <exception cref="ArgumentException">No such property.</exception>
    public static PropertyDistribution Get(string name) =>
        All.FirstOrDefault(d => d.Name == name) ?? throw new ArgumentException($"Unknown V1 property '{name}'; known: {string.Join(", ", All.Select(d => d.Name))}.", nameof(name));
}
