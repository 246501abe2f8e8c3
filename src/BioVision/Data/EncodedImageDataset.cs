using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// Images kept encoded (PNG/JPEG bytes, read on demand) and decoded when asked for. Every image is brought to one
/// <see cref="Shape"/>: the size of the first image unless a size is given.
/// </summary>
public sealed class EncodedImageDataset : IImageDataset
{
    private readonly IReadOnlyList<EncodedImage> _items;
    private readonly (int Height, int Width) _size;

    /// <summary>Creates the dataset.</summary>
    /// <param name="items">The images with their labels.</param>
    /// <param name="classes">Class names.</param>
    /// <param name="channels">3 for RGB, 1 for grayscale.</param>
    /// <param name="size">Height and width every image is resized to (<see cref="Transforms.ImageResize"/>); null uses the first image's size.</param>
    /// <exception cref="ArgumentException">No images, or a label is outside the classes.</exception>
    public EncodedImageDataset(IReadOnlyList<EncodedImage> items, IReadOnlyList<string> classes, int channels = 3, (int Height, int Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(classes);
        if (items.Count == 0)
        {
            throw new ArgumentException("The dataset has no images.", nameof(items));
        }

        foreach (var item in items)
        {
            if (item.Label < 0 || item.Label >= classes.Count)
            {
                throw new ArgumentException($"Label {item.Label} of '{item.Name}' is outside the {classes.Count} classes.", nameof(items));
            }
        }

        _items = items;
        Classes = classes;
        if (size is null)
        {
            using var first = ImageDecoder.Decode(items[0].Read(), channels, null, items[0].Name);
            size = ((int)first.shape[1], (int)first.shape[2]);
        }

        _size = size.Value;
        Shape = new ImageShape(channels, _size.Height, _size.Width);
    }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> Classes { get; }

    /// <inheritdoc />
    public ImageShape Shape { get; }

    /// <summary>The images' names (file or archive entry names), in index order.</summary>
    public IEnumerable<string> Names => _items.Select(i => i.Name);

    /// <inheritdoc />
    public torch.Tensor GetImage(int index) => ImageDecoder.Decode(_items[index].Read(), Shape.Channels, _size, _items[index].Name);

    /// <inheritdoc />
    public int GetLabel(int index) => _items[index].Label;
}
