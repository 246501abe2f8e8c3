namespace BioVision.Benchmarks.Neural;

/// <summary>Options of <see cref="ActivationExtractor"/>.</summary>
public sealed record ExtractionOptions
{
    /// <summary>Layers to record (names from <see cref="Models.IActivationModel.ActivationNames"/>); null (default) for all of them.</summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>Images per forward pass. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Forward passes averaged per image for a stochastic model (VOne noise on and not fixed-seed). Default 10
    /// (the number of trials Brain-Score records for RF mapping); deterministic models always use one pass. Noise is
    /// drawn from torch's global generator, which the extractor does not reseed: seed it yourself for repeatable draws.
    /// </summary>
    public int NoiseDraws { get; init; } = 10;

    /// <summary>
    /// Layers with more features than this are reduced on the device, batch by batch, by a seeded sparse random
    /// projection (count sketch) to this many features, so a full layer never exists for all stimuli. Null keeps every
    /// layer at full size. Default 4096.
    /// </summary>
    public int? MaxFeatures { get; init; } = 4096;

    /// <summary>Seed of the random projections (each layer's is derived from it and the layer's name). Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The size and channels the model expects; images of another size or channel count are converted (grayscale ↔
    /// RGB) and resized with the one model-input resize, <see cref="BioVision.Data.Transforms.ImageResize"/>, on the device
    /// (<see cref="ActivationExtractor.Prepare"/>). Null (default) passes images as they come.
    /// </summary>
    public ModelInput? Input { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive batch size, number of draws or feature count.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseDraws, 1, nameof(NoiseDraws));
        if (MaxFeatures is int k)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(k, 2, nameof(MaxFeatures));
        }

        Input?.Validate();
    }
}
