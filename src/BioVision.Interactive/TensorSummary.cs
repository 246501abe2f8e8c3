using System.Globalization;
using TorchSharp;

namespace BioVision.Interactive;

/// <summary>The one-line description a notebook shows for a tensor, without copying its data off the device.</summary>
public static class TensorSummary
{
    /// <summary>Shape, element type, device and whether it requires gradients, e.g. <c>Tensor [8, 3, 224, 224] Float32 on cpu</c>.</summary>
    /// <param name="tensor">The tensor (a disposed tensor is described as such).</param>
    public static string Describe(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid)
        {
            return "Tensor (disposed)";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Tensor [{string.Join(", ", tensor.shape)}] {tensor.dtype} on {tensor.device}{(tensor.requires_grad ? ", requires grad" : "")}");
    }
}
