using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// The reference's <c>ContrastNormalization</c>: <c>x / (√(G ∗ x²) + c50)^n</c>, G a normalised Gaussian pool per
/// pathway applied depthwise with reflect padding (<see cref="SubcorticalKernels.Normalisation"/>), c50 and n per channel
/// from the pathway's cells. State-dict keys <c>c50</c>, <c>n</c> (<c>[1, P + M, 1, 1]</c>, persistent buffers) and
/// <c>multi_conv.convs.0.weight</c>, <c>multi_conv.convs.1.weight</c> (<c>[channels, 1, k, k]</c>).
/// </summary>
/// <remarks>
/// The square root has gradient 0 where the pooled energy is 0 (an all-zero neighbourhood: a uniform image after light
/// adaptation), instead of the reference's NaN (0·∞); the forward values are the reference's. It reads the first
/// <c>P + M</c> channels of its input, as the reference's channel indices do.
/// </remarks>
public sealed class ContrastNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Tensor c50;
    private readonly Tensor n;
    private readonly MultiKernelConvolution multi_conv;

    /// <summary>Builds the pools and constants of every pathway of <paramref name="options"/>.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="device">Device for the tensors.</param>
    public ContrastNormalization(SubcorticalBlockOptions options, Device device) : base(nameof(ContrastNormalization))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        var banks = new List<(ReflectConvolution, long)>();
        long first = 0;
        var c50s = new List<float>();
        var exponents = new List<float>();
        foreach (var pathway in options.Pathways)
        {
            var (w, shape) = SubcorticalKernels.Normalisation(options, pathway);
            int channels = options.Channels(pathway);
            banks.Add((new ReflectConvolution(torch.tensor(w, shape, ScalarType.Float32, device), channels), first));
            first += channels;
            c50s.AddRange(Enumerable.Repeat((float)options.Cell(pathway).C50, channels));
            exponents.AddRange(Enumerable.Repeat((float)options.Cell(pathway).Exponent, channels));
        }

        long[] perChannel = [1, options.OutputChannels, 1, 1];
        c50 = torch.tensor(c50s.ToArray(), perChannel, ScalarType.Float32, device);
        n = torch.tensor(exponents.ToArray(), perChannel, ScalarType.Float32, device);
        multi_conv = new MultiKernelConvolution(banks);
        RegisterComponents();
    }

    /// <summary>Semi-saturation constants <c>[1, P + M, 1, 1]</c> (the registered buffer).</summary>
    public Tensor C50 => c50;

    /// <summary>Exponents <c>[1, P + M, 1, 1]</c> (the registered buffer).</summary>
    public Tensor N => n;

    /// <summary>The Gaussian pools (the reference's <c>multi_conv</c>).</summary>
    public MultiKernelConvolution MultiConv => multi_conv;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        long channels = c50.shape[1];
        var x = input.shape[1] == channels ? input : input.narrow(1, 0, channels);
        var energy = multi_conv.forward(x.square());
        // √energy with gradient 0 (not 0·∞) where energy is 0; the same forward values as the reference's ** .5.
        var positive = energy.gt(0);
        var root = torch.where(positive, torch.where(positive, energy, torch.ones_like(energy)).sqrt(), torch.zeros_like(energy));
        var denominator = root.add(c50.to(input.dtype)).pow(n.to(input.dtype));
        return x.div(denominator).MoveToOuterDisposeScope();
    }
}
