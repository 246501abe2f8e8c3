using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// The reference's <c>DoG</c>: per pathway one bank of colour-opponent difference-of-Gaussians filters
/// <c>[channels, InputChannels, k, k]</c> (<see cref="SubcorticalKernels.Dog"/>), applied with reflect padding to the
/// light-adapted image. State-dict keys <c>multi_conv.convs.0.weight</c> (P) and <c>multi_conv.convs.1.weight</c> (M).
/// </summary>
public sealed class DifferenceOfGaussians : nn.Module<Tensor, Tensor>
{
    private readonly MultiKernelConvolution multi_conv;

    /// <summary>Builds the filters of every pathway of <paramref name="options"/>.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="device">Device for the weights.</param>
    public DifferenceOfGaussians(SubcorticalBlockOptions options, Device device) : base(nameof(DifferenceOfGaussians))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        // Every pathway reads the one light-adapted copy (the reference's channel ranges [0, C) and [C, 2C) of its
        // copies hold the same values).
        var banks = options.Pathways.Select(pathway =>
        {
            var (w, shape) = SubcorticalKernels.Dog(options, pathway);
            return (new ReflectConvolution(torch.tensor(w, shape, ScalarType.Float32, device)), 0L);
        }).ToList();
        multi_conv = new MultiKernelConvolution(banks);
        RegisterComponents();
    }

    /// <summary>The filter banks (the reference's <c>multi_conv</c>).</summary>
    public MultiKernelConvolution MultiConv => multi_conv;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => multi_conv.forward(input);
}
