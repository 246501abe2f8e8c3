using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.V1;

/// <summary>
/// One phase of the Gabor filter bank as the reference's <c>GFB</c> module: a fixed weight <c>[out, in, k, k]</c>
/// (state-dict key <c>weight</c>) applied as a convolution with the block's stride and <c>k/2</c> padding. The
/// <see cref="VOneBlock"/> holds two, <c>simple_conv_q0</c> and <c>simple_conv_q1</c> (phase + π/2), so its state dict
/// reads <c>simple_conv_q0.weight</c> and <c>simple_conv_q1.weight</c> as in PyTorch.
/// </summary>
/// <remarks>The weight is a persistent buffer (moved by <c>.to(device)</c>, saved, never trained), the reference's
/// <c>nn.Parameter(requires_grad=False)</c>: both load into each other by name. A trainable bank (the learned-V1 control)
/// holds it as a parameter under the same name.</remarks>
public sealed class GaborFilterBank : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weight;

    /// <summary>Wraps a filter weight.</summary>
    /// <param name="weight">Filters <c>[out, in, k, k]</c> with square kernels (the module takes ownership).</param>
    /// <param name="stride">Convolution stride.</param>
    /// <param name="trainable">Whether the weight is a trainable parameter (the "learned V1" control) instead of a fixed
    /// buffer; the state-dict key is <c>weight</c> either way.</param>
    /// <exception cref="ArgumentException">The weight is not 4-D with square kernels, or the stride is below 1.</exception>
    public GaborFilterBank(Tensor weight, int stride, bool trainable = false) : base(nameof(GaborFilterBank))
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3])
        {
            throw new ArgumentException($"A Gabor filter bank needs a weight [out, in, k, k]; got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        // RegisterComponents registers a Parameter-valued field as a parameter and any other tensor as a buffer.
        this.weight = trainable ? new TorchSharp.Modules.Parameter(weight, requires_grad: true) : weight;
        Trainable = trainable;
        Stride = stride;
        RegisterComponents();
    }

    /// <summary>The filters <c>[out, in, k, k]</c> (the registered buffer; <c>.to(device)</c> replaces it).</summary>
    public Tensor Weight => weight;

    /// <summary>Convolution stride.</summary>
    public int Stride { get; }

    /// <summary>Whether the weight is a trainable parameter (otherwise a fixed buffer).</summary>
    public bool Trainable { get; }

    /// <summary>Kernel side <c>k</c>.</summary>
    public int KernelSize => (int)weight.shape[2];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long pad = KernelSize / 2;
        return nn.functional.conv2d(input, weight.to(input.dtype), null, new long[] { Stride, Stride }, new long[] { pad, pad });
    }
}
