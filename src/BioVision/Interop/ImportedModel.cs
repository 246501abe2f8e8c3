using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Interop;

/// <summary>A model built from a PyTorch checkpoint, in evaluation mode, with what was read and inferred.</summary>
/// <param name="Model">The model (owned: dispose this object or the model).</param>
/// <param name="Summary">Layout, inferred spec, notes and key report.</param>
public sealed record ImportedModel(nn.Module<Tensor, Tensor> Model, ImportSummary Summary) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
