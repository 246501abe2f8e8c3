namespace BioVision.Data;

/// <summary>Options of <see cref="ProceduralDataset"/>.</summary>
public sealed record ProceduralDatasetOptions
{
    /// <summary>Number of images. Default 6000.</summary>
    public int Count { get; init; } = 6000;

    /// <summary>Height and width in pixels (square images, one channel). Default 28, the size of Fashion-MNIST.</summary>
    public int Size { get; init; } = 28;

    /// <summary>The seed; different seeds give independent images (use different seeds for train and test). Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Standard deviation of the Gaussian pixel noise on the [0, 1] scale. Default 0.2.</summary>
    public double NoiseStandardDeviation { get; init; } = 0.2;
}
