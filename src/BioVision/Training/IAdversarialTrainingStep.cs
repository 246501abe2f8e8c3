using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Turns a clean training batch into the batch the model is trained on (adversarial training, Madry et al. 2018).
/// Implementations must not accumulate gradients into the model's parameters and must draw randomness from torch's
/// global generator (which the trainer seeds per epoch), so training stays reproducible.
/// </summary>
public interface IAdversarialTrainingStep
{
    /// <summary>A short description for logs, e.g. <c>PGD eps=0.03 steps=7</c>.</summary>
    string Description { get; }

    /// <summary>Returns perturbed images (detached, same shape and device as <paramref name="images"/>).</summary>
    /// <param name="model">The model being trained (in training mode).</param>
    /// <param name="images">Clean images.</param>
    /// <param name="labels">Their labels.</param>
    Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels);
}
