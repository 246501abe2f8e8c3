using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>
/// Pads each image with zeros by <see cref="Padding"/> pixels on every side, then crops a random
/// <see cref="Height"/> x <see cref="Width"/> window, independently per image (the usual CIFAR augmentation).
/// </summary>
/// <param name="Height">Crop height.</param>
/// <param name="Width">Crop width.</param>
/// <param name="Padding">Zero padding added on each side before cropping.</param>
public sealed record RandomCrop(int Height, int Width, int Padding = 0) : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(RandomCrop));
        if (Padding > 0)
        {
            batch = torch.nn.functional.pad(batch, [Padding, Padding, Padding, Padding]);
        }

        long h = batch.shape[2], w = batch.shape[3];
        if (Height > h || Width > w)
        {
            throw new ArgumentException($"Cannot crop {Height}x{Width} from padded images of {h}x{w}.", nameof(images));
        }

        var crops = new torch.Tensor[batch.shape[0]];
        for (int i = 0; i < crops.Length; i++)
        {
            int top = random.NextInt((int)(h - Height) + 1), left = random.NextInt((int)(w - Width) + 1);
            crops[i] = batch[i].narrow(1, top, Height).narrow(2, left, Width);
        }

        return BatchShape.Restore(torch.stack(crops), images).MoveToOuterDisposeScope();
    }
}
