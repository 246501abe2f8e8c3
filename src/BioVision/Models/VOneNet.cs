using BioVision.Serialization;
using BioVision.V1;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// A VOneNet: <c>vone_block</c> (the simulated V1), <c>bottleneck</c> (1×1 convolution to the back end's stem width,
/// no bias, Kaiming-normal fan-out init) and <c>model</c> (the back end without its stem), as the reference's
/// <c>nn.Sequential(OrderedDict(vone_block, bottleneck, model))</c>, so state-dict keys line up.
/// </summary>
/// <example>
/// <code>
/// using var model = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions(), numClasses: 1000, device: torch.CPU);
/// using var baseline = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions { UseV1FrontEnd = false }, 1000, torch.CPU);
/// var (logits, acts) = model.ForwardWithActivations(images); // acts["vone_block"], acts["model.layer1"], ...
/// </code>
/// </example>
public sealed class VOneNet : nn.Module<Tensor, Tensor>, IActivationModel, IFrontEndModel
{
    private readonly VOneBlock vone_block;
    private readonly Conv2d? bottleneck;
    private readonly nn.Module<Tensor, Tensor> model;

    /// <summary>Wraps any back end behind a V1 block.</summary>
    /// <param name="block">The V1 block.</param>
    /// <param name="backEnd">The back end; it receives <paramref name="bottleneckChannels"/> channels (or the block's output when null).</param>
    /// <param name="bottleneckChannels">Output channels of the 1×1 bottleneck, or null for none.</param>
    public VOneNet(VOneBlock block, nn.Module<Tensor, Tensor> backEnd, int? bottleneckChannels = 64) : base(nameof(VOneNet))
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(backEnd);
        vone_block = block;
        if (bottleneckChannels is int channels)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1, nameof(bottleneckChannels));
            bottleneck = nn.Conv2d(block.OutputChannels, channels, 1, bias: false);
            nn.init.kaiming_normal_(bottleneck.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }

        model = backEnd;
        RegisterComponents();
    }

    /// <summary>The V1 block.</summary>
    public VOneBlock Block => vone_block;

    /// <summary>The back end.</summary>
    public nn.Module<Tensor, Tensor> BackEnd => model;

    /// <inheritdoc />
    public string BlockActivation => "vone_block";

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames =>
        new[] { "vone_block" }.Concat(bottleneck is null ? [] : ["bottleneck"])
            .Concat(model is IActivationModel m ? m.ActivationNames.Select(n => "model." + n) : ["model"]).Append("output").ToArray();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        using var scope = NewDisposeScope();
        var taps = activations is null ? null : new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = vone_block.forward(input).Tap(taps, "vone_block");
        if (bottleneck is not null)
        {
            x = bottleneck.forward(x).Tap(taps, "bottleneck");
        }

        x = model.ForwardTapped(x, taps, "model").Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }

    /// <summary>
    /// Loads tensors by name (canonical or legacy BioVision V1-block layout), re-deriving the V1 block's packed filters.
    /// </summary>
    /// <param name="source">Tensors by state-dict key.</param>
    /// <param name="strict">Whether missing, unexpected or mis-shaped keys are an error (then nothing is loaded).</param>
    /// <param name="skip">Keys to leave alone.</param>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
    {
        var report = StateDictLoader.Load(this, source, new StateDictLoadOptions { Strict = strict, Skip = skip?.ToArray() ?? [] });
        return (report.Missing.ToList(), report.Unexpected.ToList());
    }

    /// <summary>Loads a BioVision (TorchSharp) weights file, including those written before the canonical V1-block layout.</summary>
    /// <param name="reader">The open file.</param>
    /// <param name="strict">Whether missing or unexpected keys are an error.</param>
    /// <param name="skip">Keys to leave alone.</param>
    /// <param name="loadedParameters">Filled with the keys loaded, when given.</param>
    public override nn.Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
    {
        BioVisionWeights.Load(this, reader, strict, skip, loadedParameters);
        return this;
    }

    /// <summary>Default bottleneck width in front of a <see cref="SmallCnn"/> back end (its default first-stage width).</summary>
    public const int SmallCnnBottleneckChannels = 32;

    /// <summary>
    /// The model factory: a VOneNet with the given back end, or (with <see cref="VOneNetOptions.UseV1FrontEnd"/> false)
    /// the plain backbone with its own stem, on <paramref name="device"/>.
    /// </summary>
    /// <param name="kind">Backbone.</param>
    /// <param name="options">Options (null: reference defaults, V1 front end on).</param>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="device">Device (CPU when null).</param>
    /// <param name="smallCnnWidth">Width of a <see cref="BackboneKind.SmallCnn"/> back end (channels of its first stage, and of the
    /// bottleneck in front of it), the same with and without the V1 front end. Default 32 (<see cref="SmallCnnBottleneckChannels"/>).</param>
    public static nn.Module<Tensor, Tensor> Create(BackboneKind kind, VOneNetOptions? options, int numClasses, Device? device = null, int smallCnnWidth = SmallCnnBottleneckChannels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(smallCnnWidth, 1);
        options ??= new VOneNetOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        int inputChannels = options.Block.InputChannels;
        bool stem = !options.UseV1FrontEnd;
        var backbone = CreateBackEnd(kind, numClasses, stem, inputChannels, smallCnnWidth);
        nn.Module<Tensor, Tensor> result = stem
            ? backbone
            : new VOneNet(new VOneBlock(options.Block), backbone, BottleneckChannels(kind, smallCnnWidth));
        return device is null ? result : result.to(device);
    }

    /// <summary>The backbone, with its own stem (a plain model) or without (behind a front end and its bottleneck).</summary>
    internal static nn.Module<Tensor, Tensor> CreateBackEnd(BackboneKind kind, int numClasses, bool stem, int inputChannels, int smallCnnWidth) => kind switch
    {
        BackboneKind.ResNet18 => ResNet.ResNet18(numClasses, stem, inputChannels),
        BackboneKind.ResNet50 => ResNet.ResNet50(numClasses, stem, inputChannels),
        BackboneKind.AlexNet => new AlexNet(numClasses, stem, inputChannels),
        BackboneKind.CifarResNet => new CifarResNet(numClasses, stem, inputChannels),
        BackboneKind.SmallCnn => new SmallCnn(stem ? inputChannels : smallCnnWidth, numClasses, smallCnnWidth),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown backbone."),
    };

    /// <summary>The channels a front end's 1×1 bottleneck gives the back end (the width its missing stem would have given).</summary>
    internal static int BottleneckChannels(BackboneKind kind, int smallCnnWidth) => kind switch
    {
        BackboneKind.CifarResNet => CifarResNet.StemChannels,
        BackboneKind.SmallCnn => smallCnnWidth,
        _ => 64,
    };

    /// <summary>Wraps any module: V1 block, optional bottleneck, then <paramref name="backEnd"/>.</summary>
    /// <param name="backEnd">The module that receives the V1 (or bottleneck) output.</param>
    /// <param name="block">V1 block options (null: reference defaults).</param>
    /// <param name="bottleneckChannels">Bottleneck width, or null to feed the V1 output directly.</param>
    /// <param name="device">Device (CPU when null).</param>
    public static VOneNet Wrap(nn.Module<Tensor, Tensor> backEnd, VOneBlockOptions? block = null, int? bottleneckChannels = 64, Device? device = null)
    {
        var net = new VOneNet(new VOneBlock(block), backEnd, bottleneckChannels);
        return device is null ? net : net.to(device);
    }
}
