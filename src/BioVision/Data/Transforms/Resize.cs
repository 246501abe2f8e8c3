using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Bilinear resize to a fixed height and width (half-pixel centres, <c>align_corners=false</c>).</summary>
/// <param name="Height">Target height.</param>
/// <param name="Width">Target width.</param>
public sealed record Resize(int Height, int Width) : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(Resize));
        var resized = torch.nn.functional.interpolate(batch, [Height, Width], mode: torch.InterpolationMode.Bilinear, align_corners: false);
        return BatchShape.Restore(resized, images).MoveToOuterDisposeScope();
    }
}
