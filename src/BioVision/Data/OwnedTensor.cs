using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// Creates tensors whose memory libtorch owns. <c>torch.tensor(array, shape)</c> wraps a pinned managed array without
/// copying; tensors that autograd saves for backward must not depend on that array (intermittent NaN gradients were
/// seen in TorchSharp 0.107 when they did), so these helpers copy into native memory at once.
/// </summary>
internal static class OwnedTensor
{
    public static torch.Tensor From(float[] values, ReadOnlySpan<long> shape)
    {
        using var view = torch.tensor(values, shape);
        return view.clone();
    }

    public static torch.Tensor From(long[] values)
    {
        using var view = torch.tensor(values);
        return view.clone();
    }

    public static torch.Tensor From(bool[] values)
    {
        using var view = torch.tensor(values);
        return view.clone();
    }
}
