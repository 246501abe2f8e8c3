using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>
/// A transform of a batch of images [N, C, H, W] (a single image [C, H, W] is also accepted). Random transforms draw
/// their parameters from the given generator, so a loader that seeds it per batch makes augmentation reproducible.
/// Transforms return a new tensor on the input's device and never modify the input.
/// </summary>
public interface IImageTransform
{
    /// <summary>Applies the transform.</summary>
    /// <param name="images">Images [N, C, H, W] or [C, H, W].</param>
    /// <param name="random">Source of random parameters (ignored by deterministic transforms).</param>
    torch.Tensor Apply(torch.Tensor images, SplitMix64 random);
}
