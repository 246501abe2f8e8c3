using TorchSharp;

namespace BioVision.Data;

/// <summary>A batch of images [N, C, H, W] and labels [N] (int64) on one device; disposing it frees both.</summary>
/// <param name="Images">The images.</param>
/// <param name="Labels">The class indices.</param>
public sealed record Batch(torch.Tensor Images, torch.Tensor Labels) : IDisposable
{
    /// <summary>Number of images.</summary>
    public int Size => (int)Labels.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
