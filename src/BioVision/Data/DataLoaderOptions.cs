using BioVision.Data.Transforms;

namespace BioVision.Data;

/// <summary>Options of <see cref="DataLoader"/>.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Images per batch. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Whether each epoch visits the images in a fresh random order. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the order and of random transforms. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Whether to drop the last, incomplete batch. Default false.</summary>
    public bool DropLast { get; init; }

    /// <summary>Transform applied to every batch on the target device; null for none. Default null.</summary>
    public IImageTransform? Transform { get; init; }
}
