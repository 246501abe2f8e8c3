namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// Options of <see cref="V1PropertiesBenchmark"/>. Defaults are the reference's (Brain-Score
/// <c>properties_common.py</c>) except where a field says otherwise.
/// </summary>
public sealed record V1PropertiesOptions
{
    /// <summary>The model's field of view. Default: 224 pixels, 3 channels, 8 degrees.</summary>
    public ScreenGeometry Screen { get; init; } = new();

    /// <summary>Stimulus centre, degrees below the screen centre. Default 0.5 (reference).</summary>
    public double PositionY { get; init; } = MarquesStimuli.ReferencePosition;

    /// <summary>Stimulus centre, degrees right of the screen centre. Default 0.5 (reference).</summary>
    public double PositionX { get; init; } = MarquesStimuli.ReferencePosition;

    /// <summary>
    /// Trials per property stimulus (and the blank), averaged. Null (default): 20 (reference) for a stochastic model
    /// and 1 for a deterministic one, decided by presenting the blank twice and comparing the recorded units.
    /// </summary>
    public int? Trials { get; init; }

    /// <summary>Trials per receptive-field mapping stimulus. Null (default): 10 (reference) when stochastic, else 1.</summary>
    public int? MappingTrials { get; init; }

    /// <summary>
    /// Departure from the reference for noisy maps: each unit's receptive-field map is lowered by its noise floor, the
    /// median over the 21 × 21 grid plus this many robust standard deviations (1.4826 × the median absolute deviation
    /// from it), before the 5% threshold and the centroid. Null (default): <see cref="V1PropertiesBenchmark.DefaultNoiseFloor"/>
    /// (5) for a stochastic model, 0 for a deterministic one. 0: the reference's map, unchanged.
    /// </summary>
    /// <remarks>
    /// Why: the map is the best of 8 responses minus the blank, so trial noise gives every position a positive value. On
    /// a 441-position grid that pedestal outweighs a receptive field of a few positions, and the reference's centroid
    /// (every position above 5% of the peak) falls near the grid centre whatever the field: of the 6,656 candidate units
    /// of the default 224 px VOneBlock, 1,807 lie within 0.15° of the stimulus without noise, but 5 to 8 pass with noise
    /// and 1 to 4 trials averaged, mostly the wrong ones; with this floor 229 to 548 pass, 74-79% of them among the
    /// 1,807. A noiseless map that is zero over at least half of the grid has
    /// a floor of 0, so deterministic models are mapped as the reference maps them.
    /// </remarks>
    public double? ReceptiveFieldNoiseFloor { get; init; }

    /// <summary>Images per forward pass. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Fraction of a unit's peak map response that enters its receptive-field centroid. Default 0.05 (<c>RF_THRSH</c>).</summary>
    public double ReceptiveFieldThreshold { get; init; } = 0.05;

    /// <summary>Largest distance of a unit's receptive-field centre from the stimulus, degrees. Default 0.15 (<c>RF_DELTA</c>).</summary>
    public double ReceptiveFieldDelta { get; init; } = 0.15;

    /// <summary>Calibrated median spontaneous rate, spikes/s. Default 0.82 (<c>MEDIAN_SPONTANEOUS</c>).</summary>
    public double MedianSpontaneousRate { get; init; } = 0.82;

    /// <summary>Calibrated median maximal rate, spikes/s. Default 33.8 (<c>MEDIAN_MAX_RESP</c>).</summary>
    public double MedianMaximalRate { get; init; } = 33.8;

    /// <summary>Largest single-neuron rate, spikes/s, that scales the responsiveness threshold. Default 243.1 (<c>SINGLE_MAX_RESP</c>).</summary>
    public double SingleMaximalRate { get; init; } = 243.1;

    /// <summary>Response threshold, spikes/s. Default 5 (<c>RESP_THRESH</c>, <c>RESPONSE_THRESHOLD</c>).</summary>
    public double ResponseThreshold { get; init; } = 5;

    /// <summary>
    /// Departure from the reference (which maps every unit of the layer, the cause of its memory needs): of a
    /// <c>[C, H, W]</c> layer only the units at feature-map cells whose nominal centre (the cell's centre mapped onto the
    /// field of view) lies within <see cref="ReceptiveFieldDelta"/> plus this many cell spacings of the stimulus are
    /// mapped; the others cannot pass the 0.15° selection unless their receptive field is displaced by more than that.
    /// Default 1. <see cref="double.PositiveInfinity"/> maps every unit. Layers of other ranks are mapped whole.
    /// </summary>
    public double CandidateMarginCells { get; init; } = 1;

    /// <summary>
    /// Most units mapped per layer; candidates beyond it are drawn at random (seeded by <see cref="Seed"/>). Default 4096.
    /// </summary>
    public int MaxUnitsPerLayer { get; init; } = 4096;

    /// <summary>Seed of the unit draw and of the bootstrap. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Bootstrap samples of the similarity and ceiling. Default 1000 (<c>NSAMPLES</c>).</summary>
    public int BootstrapSamples { get; init; } = DistributionSimilarity.DefaultSamples;

    /// <summary>Checks the values and returns this instance.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public V1PropertiesOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Screen);
        Screen.Validate();
        if (Trials is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Trials), Trials, "Trials must be at least 1.");
        }

        if (ReceptiveFieldNoiseFloor is { } floor && !(floor >= 0 && double.IsFinite(floor)))
        {
            throw new ArgumentOutOfRangeException(nameof(ReceptiveFieldNoiseFloor), floor, "The receptive-field noise floor must be zero or a positive number of robust standard deviations.");
        }

        if (MappingTrials is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MappingTrials), MappingTrials, "Mapping trials must be at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnitsPerLayer, 1, nameof(MaxUnitsPerLayer));
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapSamples, 1, nameof(BootstrapSamples));
        if (!(CandidateMarginCells >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(CandidateMarginCells), CandidateMarginCells, "The candidate margin must be zero or positive.");
        }

        if (!(ReceptiveFieldDelta > 0) || !double.IsFinite(PositionX) || !double.IsFinite(PositionY))
        {
            throw new ArgumentOutOfRangeException(nameof(ReceptiveFieldDelta), "The receptive-field distance must be positive and the stimulus position finite.");
        }

        if (!(MedianMaximalRate > MedianSpontaneousRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MedianMaximalRate), MedianMaximalRate, "The median maximal rate must exceed the spontaneous rate.");
        }

        return this;
    }
}
