using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// The reference's <c>MultiKernelConv2D</c>: one <see cref="ReflectConvolution"/> per pathway (state-dict keys
/// <c>convs.0.weight</c>, <c>convs.1.weight</c>), each reading its own contiguous range of input channels; the outputs are
/// concatenated along channels in pathway order.
/// </summary>
public sealed class MultiKernelConvolution : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ReflectConvolution> convs;
    private readonly (long Start, long Count)[] _inputs;

    /// <summary>Combines filter banks with the input channels each reads.</summary>
    /// <param name="banks">The filter banks and the first input channel each reads (it reads as many as it takes).</param>
    /// <exception cref="ArgumentException">No banks, or a start is negative.</exception>
    public MultiKernelConvolution(IReadOnlyList<(ReflectConvolution Bank, long FirstInputChannel)> banks) : base(nameof(MultiKernelConvolution))
    {
        ArgumentNullException.ThrowIfNull(banks);
        if (banks.Count == 0 || banks.Any(b => b.Bank is null || b.FirstInputChannel < 0))
        {
            throw new ArgumentException("A multi-kernel convolution needs at least one filter bank, each with a first input channel >= 0.", nameof(banks));
        }

        convs = nn.ModuleList(banks.Select(b => b.Bank).ToArray());
        _inputs = banks.Select(b => (b.FirstInputChannel, b.Bank.InputChannels)).ToArray();
        RegisterComponents();
    }

    /// <summary>The filter banks, in pathway order (the reference's <c>convs</c>).</summary>
    public IReadOnlyList<ReflectConvolution> Convolutions => [.. convs];

    /// <summary>Input channels the module needs (one past the last channel any bank reads).</summary>
    public long InputChannels => _inputs.Max(i => i.Start + i.Count);

    /// <summary>Output channels (the banks' together).</summary>
    public long OutputChannels => convs.Sum(c => c.OutputChannels);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input has fewer channels than the banks read.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] < InputChannels)
        {
            throw new ArgumentException($"The filter banks read {InputChannels} channels; got input [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        var outputs = new Tensor[convs.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            var (start, count) = _inputs[i];
            var x = start == 0 && count == input.shape[1] ? input : input.narrow(1, start, count);
            outputs[i] = convs[i].forward(x);
        }

        var result = outputs.Length == 1 ? outputs[0] : torch.cat(outputs, 1);
        return result.MoveToOuterDisposeScope();
    }
}
