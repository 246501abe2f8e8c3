namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The grating grids and stimulus sets of the Marques et al. (2021) V1 property benchmarks
/// (Brain-Score <c>marques_gen_stim.py</c>): receptive-field mapping, orientation, spatial frequency and size.
/// All gratings have full contrast; the property sets are centred on the stimulus position
/// (the reference's (0.5°, 0.5°)), the mapping set covers −2.5..2.5° around the screen centre.
/// </summary>
public static class MarquesStimuli
{
    /// <summary>The reference stimulus position, degrees (y below and x right of the screen centre).</summary>
    public const double ReferencePosition = 0.5;

    /// <summary>
    /// Stimulus centre (degrees right of and below the screen centre) for a model whose input spans
    /// <paramref name="fieldDegrees"/>: the reference's 0.5 degrees when the field is at least 4 degrees wide, else 0
    /// (in a small field, such as 1 degree at 28 px, 0.5 degrees off centre is the image's corner).
    /// </summary>
    /// <param name="fieldDegrees">Visual angle of the model's input.</param>
    public static double PositionFor(double fieldDegrees) => fieldDegrees >= 4 ? ReferencePosition : 0;

    /// <summary>Orientations, degrees: 0, 15, …, 165.</summary>
    public static IReadOnlyList<double> Orientations { get; } = Enumerable.Range(0, 12).Select(i => 15.0 * i).ToArray();

    /// <summary>Phases, degrees: 0, 45, …, 315.</summary>
    public static IReadOnlyList<double> Phases { get; } = Enumerable.Range(0, 8).Select(i => 45.0 * i).ToArray();

    /// <summary>Spatial frequencies, cycles/degree: <c>2^linspace(−1.375, 3.875, 22)</c> (0.386 … 14.67).</summary>
    public static IReadOnlyList<double> SpatialFrequencies { get; } = Enumerable.Range(0, 22).Select(i => Math.Pow(2, -1.375 + (0.25 * i))).ToArray();

    /// <summary>Aperture radii, degrees: <c>2^linspace(−2.25, 3.25, 12) / 2</c> (0.105 … 4.757).</summary>
    public static IReadOnlyList<double> Radii { get; } = Enumerable.Range(0, 12).Select(i => Math.Pow(2, -2.25 + (0.5 * i)) / 2).ToArray();

    /// <summary>Receptive-field mapping positions on each axis, degrees: −2.5 … 2.5 in 0.25 steps.</summary>
    public static IReadOnlyList<double> MappingPositions { get; } = Enumerable.Range(0, 21).Select(i => -2.5 + (0.25 * i)).ToArray();

    /// <summary>
    /// <c>Marques2020_receptive_field</c>: 21 × 21 positions × radius 1/6° × 3 cpd × orientations {0, 45, 90, 135} ×
    /// phases {0, 180} = 3528 gratings, ordered (position_y, position_x, orientation, phase).
    /// </summary>
    public static GratingStimulusSet ReceptiveField()
    {
        var list = new List<Grating>(3528);
        foreach (double y in MappingPositions)
        {
            foreach (double x in MappingPositions)
            {
                foreach (double orientation in new[] { 0.0, 45, 90, 135 })
                {
                    foreach (double phase in new[] { 0.0, 180 })
                    {
                        list.Add(new Grating(y, x, 1.0 / 6, 3, orientation, phase));
                    }
                }
            }
        }

        return new GratingStimulusSet("Marques2020_receptive_field", list, ["position_y", "position_x", "orientation", "phase"], [21, 21, 4, 2]);
    }

    /// <summary>
    /// <c>Marques2020_orientation</c>: radius = m / (2 sf) for m ∈ {2, 3, 4} cycles and sf ∈ SF[4, 8, 12, 16]
    /// (0.771, 1.542, 3.084, 6.169 cpd), × 12 orientations × 8 phases = 1152, ordered (cycles, sf, orientation, phase).
    /// </summary>
    /// <param name="positionY">Stimulus centre, degrees below the screen centre.</param>
    /// <param name="positionX">Stimulus centre, degrees right of the screen centre.</param>
    public static GratingStimulusSet Orientation(double positionY = ReferencePosition, double positionX = ReferencePosition)
    {
        var list = new List<Grating>(1152);
        foreach (int cycles in new[] { 2, 3, 4 })
        {
            foreach (int s in new[] { 4, 8, 12, 16 })
            {
                double sf = SpatialFrequencies[s];
                foreach (double orientation in Orientations)
                {
                    foreach (double phase in Phases)
                    {
                        list.Add(new Grating(positionY, positionX, cycles / 2.0 / sf, sf, orientation, phase));
                    }
                }
            }
        }

        return new GratingStimulusSet("Marques2020_orientation", list, ["cycles", "spatial_frequency", "orientation", "phase"], [3, 4, 12, 8]);
    }

    /// <summary>
    /// <c>Marques2020_spatial_frequency</c>: radius ∈ {0.75, 2.25}° × 22 frequencies × orientations 0, 30, …, 150 ×
    /// 8 phases = 2112, ordered (radius, sf, orientation, phase).
    /// </summary>
    /// <param name="positionY">Stimulus centre, degrees below the screen centre.</param>
    /// <param name="positionX">Stimulus centre, degrees right of the screen centre.</param>
    public static GratingStimulusSet SpatialFrequency(double positionY = ReferencePosition, double positionX = ReferencePosition)
    {
        var list = new List<Grating>(2112);
        foreach (double radius in new[] { 0.75, 2.25 })
        {
            foreach (double sf in SpatialFrequencies)
            {
                for (int o = 0; o < 12; o += 2)
                {
                    foreach (double phase in Phases)
                    {
                        list.Add(new Grating(positionY, positionX, radius, sf, Orientations[o], phase));
                    }
                }
            }
        }

        return new GratingStimulusSet("Marques2020_spatial_frequency", list, ["radius", "spatial_frequency", "orientation", "phase"], [2, 22, 6, 8]);
    }

    /// <summary>
    /// <c>Marques2020_size</c>: 12 radii × sf ∈ SF[4, 8, 12, 16] × orientations 0, 30, …, 150 × 8 phases = 2304,
    /// ordered (radius, sf, orientation, phase).
    /// </summary>
    /// <param name="positionY">Stimulus centre, degrees below the screen centre.</param>
    /// <param name="positionX">Stimulus centre, degrees right of the screen centre.</param>
    public static GratingStimulusSet Size(double positionY = ReferencePosition, double positionX = ReferencePosition)
    {
        var list = new List<Grating>(2304);
        foreach (double radius in Radii)
        {
            foreach (int s in new[] { 4, 8, 12, 16 })
            {
                for (int o = 0; o < 12; o += 2)
                {
                    foreach (double phase in Phases)
                    {
                        list.Add(new Grating(positionY, positionX, radius, SpatialFrequencies[s], Orientations[o], phase));
                    }
                }
            }
        }

        return new GratingStimulusSet("Marques2020_size", list, ["radius", "spatial_frequency", "orientation", "phase"], [12, 4, 6, 8]);
    }
}
