using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// One fixed filter bank of the <see cref="SubcorticalBlock"/>, as a reference <c>nn.Conv2d(padding='same',
/// padding_mode='reflect', bias=False)</c>: a weight <c>[out, in/groups, k, k]</c> (state-dict key <c>weight</c>) applied
/// with stride 1 after reflect padding of ⌊k/2⌋ pixels on every side, so the output has the input's size.
/// </summary>
/// <remarks>
/// The weight is a persistent buffer (moved by <c>.to(device)</c>, saved, never trained; the reference's frozen parameter
/// loads into it by name). The module is deliberately not a TorchSharp <c>Conv2d</c>: model initialisation
/// (<c>BioVision.Models.Initialisation.ResetParameters</c>) re-draws every <c>Conv2d</c>, which would erase the filters.
/// </remarks>
public sealed class ReflectConvolution : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weight;

    /// <summary>Wraps a filter weight.</summary>
    /// <param name="weight">Filters <c>[out, in/groups, k, k]</c>, square with odd side (the module takes ownership).</param>
    /// <param name="groups">Convolution groups (the contrast normalisation's filters are depthwise).</param>
    /// <exception cref="ArgumentException">The weight is not 4-D with square odd kernels, or its output count is not a multiple of the groups.</exception>
    public ReflectConvolution(Tensor weight, int groups = 1) : base(nameof(ReflectConvolution))
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3] || weight.shape[2] % 2 == 0 || weight.shape[0] % groups != 0)
        {
            throw new ArgumentException(
                $"A reflect convolution needs a weight [out, in/groups, k, k] with odd k and out divisible by {groups} groups; got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        this.weight = weight;
        Groups = groups;
        RegisterComponents();
    }

    /// <summary>The filters <c>[out, in/groups, k, k]</c> (the registered buffer; <c>.to(device)</c> replaces it).</summary>
    public Tensor Weight => weight;

    /// <summary>Convolution groups.</summary>
    public int Groups { get; }

    /// <summary>Kernel side <c>k</c>.</summary>
    public int KernelSize => (int)weight.shape[2];

    /// <summary>Input channels read, <c>(in/groups)·groups</c>.</summary>
    public long InputChannels => weight.shape[1] * Groups;

    /// <summary>Output channels.</summary>
    public long OutputChannels => weight.shape[0];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is smaller than the reflect padding allows (a side of at most ⌊k/2⌋ pixels).</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long pad = KernelSize / 2;
        if (pad == 0)
        {
            return nn.functional.conv2d(input, weight.to(input.dtype), groups: Groups);
        }

        if (input.dim() != 4 || input.shape[2] <= pad || input.shape[3] <= pad)
        {
            throw new ArgumentException(
                $"A {KernelSize}×{KernelSize} filter with reflect padding needs images larger than {pad} pixels per side; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(input, [pad, pad, pad, pad], PaddingModes.Reflect);
        return nn.functional.conv2d(padded, weight.to(input.dtype), groups: Groups).MoveToOuterDisposeScope();
    }
}
