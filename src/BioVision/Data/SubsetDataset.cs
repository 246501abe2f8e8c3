using TorchSharp;

namespace BioVision.Data;

/// <summary>The first <see cref="Count"/> images of another dataset.</summary>
/// <param name="source">The dataset.</param>
/// <param name="count">How many images to keep.</param>
public sealed class SubsetDataset(IImageDataset source, int count) : IImageDataset
{
    /// <inheritdoc />
    public int Count { get; } = Math.Min(count, source?.Count ?? 0);

    /// <inheritdoc />
    public IReadOnlyList<string> Classes => source.Classes;

    /// <inheritdoc />
    public ImageShape Shape => source.Shape;

    /// <inheritdoc />
    public torch.Tensor GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return source.GetImage(index);
    }

    /// <inheritdoc />
    public int GetLabel(int index) => source.GetLabel(index);
}
