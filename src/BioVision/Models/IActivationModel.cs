using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// A model that can report named intermediate activations during its forward pass, for brain comparisons.
/// Names are module paths as in the state dict (e.g. <c>vone_block</c>, <c>bottleneck</c>, <c>model.layer1</c>,
/// <c>features.4</c>) plus <c>output</c> for the final result.
/// </summary>
public interface IActivationModel
{
    /// <summary>Runs the model; when <paramref name="activations"/> is not null, stores each stage's output in it.</summary>
    /// <param name="input">The input batch.</param>
    /// <param name="activations">Receives stage outputs by name (the tensors belong to the caller's dispose scope).</param>
    Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations);

    /// <summary>The names <see cref="Forward"/> reports, in order.</summary>
    IReadOnlyList<string> ActivationNames { get; }
}
