using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Converts RGB images to one luma channel (ITU-R 601: 0.299 R + 0.587 G + 0.114 B); one-channel input passes through.</summary>
public sealed record Grayscale : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(Grayscale));
        var result = batch.shape[1] switch
        {
            1 => batch.clone(),
            3 => ((0.299f * batch[.., 0]) + (0.587f * batch[.., 1]) + (0.114f * batch[.., 2])).unsqueeze(1),
            _ => throw new ArgumentException($"Grayscale expects 1 or 3 channels, got {batch.shape[1]}.", nameof(images)),
        };
        return BatchShape.Restore(result, images).MoveToOuterDisposeScope();
    }
}
