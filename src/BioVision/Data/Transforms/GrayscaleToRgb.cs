using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Repeats a single channel three times to make RGB images; three-channel input passes through.</summary>
public sealed record GrayscaleToRgb : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(GrayscaleToRgb));
        var result = batch.shape[1] switch
        {
            1 => batch.repeat(1, 3, 1, 1),
            3 => batch.clone(),
            _ => throw new ArgumentException($"GrayscaleToRgb expects 1 or 3 channels, got {batch.shape[1]}.", nameof(images)),
        };
        return BatchShape.Restore(result, images).MoveToOuterDisposeScope();
    }
}
