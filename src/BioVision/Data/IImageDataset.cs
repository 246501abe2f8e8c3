using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// A finite, indexable set of labelled images. Images come back as float tensors shaped [C, H, W] with values in
/// [0, 1] on the CPU; labels are class indices into <see cref="Classes"/>.
/// </summary>
public interface IImageDataset
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Class names; a label is an index into this list.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Shape of every image as (channels, height, width).</summary>
    ImageShape Shape { get; }

    /// <summary>The image at <paramref name="index"/> as a float tensor [C, H, W] in [0, 1].</summary>
    /// <param name="index">Zero-based index.</param>
    torch.Tensor GetImage(int index);

    /// <summary>The class index of the image at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based index.</param>
    int GetLabel(int index);
}
