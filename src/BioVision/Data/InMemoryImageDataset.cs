using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// Images held in memory as bytes (0..255, layout [N, C, H, W]) with their labels. Readers of IDX, CIFAR and the
/// procedural generator produce this type; it also gathers whole batches without per-image tensors.
/// </summary>
public sealed class InMemoryImageDataset : IImageDataset
{
    private readonly byte[] _pixels;
    private readonly int[] _labels;

    /// <summary>Creates a dataset over pixel bytes and labels.</summary>
    /// <param name="pixels">Pixel values, image after image, each laid out [C, H, W].</param>
    /// <param name="labels">One class index per image.</param>
    /// <param name="shape">The shape of one image.</param>
    /// <param name="classes">Class names.</param>
    /// <exception cref="ArgumentException">Sizes disagree or a label is out of range.</exception>
    public InMemoryImageDataset(byte[] pixels, int[] labels, ImageShape shape, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(classes);
        if ((long)labels.Length * shape.Size != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixel values do not make {labels.Length} images of shape {shape}.", nameof(pixels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes.Count)
            {
                throw new ArgumentException($"Label {labels[i]} of image {i} is outside the {classes.Count} classes.", nameof(labels));
            }
        }

        _pixels = pixels;
        _labels = labels;
        Shape = shape;
        Classes = classes;
    }

    /// <inheritdoc />
    public int Count => _labels.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> Classes { get; }

    /// <inheritdoc />
    public ImageShape Shape { get; }

    /// <summary>The labels of all images.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <inheritdoc />
    public torch.Tensor GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Gather([index]).squeeze(0);
    }

    /// <inheritdoc />
    public int GetLabel(int index) => _labels[index];

    /// <summary>The first <paramref name="count"/> images as a new dataset sharing nothing mutable.</summary>
    /// <param name="count">How many images to keep (clamped to <see cref="Count"/>).</param>
    public InMemoryImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int n = Math.Min(count, Count);
        return new InMemoryImageDataset(_pixels.AsSpan(0, n * Shape.Size).ToArray(), _labels.AsSpan(0, n).ToArray(), Shape, Classes);
    }

    /// <summary>The images at <paramref name="indices"/> as one float tensor [N, C, H, W] in [0, 1].</summary>
    /// <param name="indices">Image indices.</param>
    public torch.Tensor Gather(ReadOnlySpan<int> indices)
    {
        int size = Shape.Size;
        var buffer = new float[indices.Length * size];
        for (int i = 0; i < indices.Length; i++)
        {
            var source = _pixels.AsSpan(indices[i] * size, size);
            var target = buffer.AsSpan(i * size, size);
            for (int k = 0; k < size; k++)
            {
                target[k] = source[k] / 255f;
            }
        }

        return torch.tensor(buffer, [indices.Length, Shape.Channels, Shape.Height, Shape.Width]);
    }
}
