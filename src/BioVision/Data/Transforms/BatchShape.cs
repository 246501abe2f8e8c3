using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Helpers shared by the transforms: accept [C, H, W] or [N, C, H, W] and restore the caller's rank.</summary>
internal static class BatchShape
{
    public static torch.Tensor AsBatch(torch.Tensor images, string transform)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.dim() switch
        {
            3 => images.unsqueeze(0),
            4 => images.alias(),
            _ => throw new ArgumentException($"{transform} expects images [C, H, W] or [N, C, H, W], got shape [{string.Join(", ", images.shape)}].", nameof(images)),
        };
    }

    public static torch.Tensor Restore(torch.Tensor result, torch.Tensor original) => original.dim() == 3 ? result.squeeze(0) : result;
}
