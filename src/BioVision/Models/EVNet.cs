using BioVision.Serialization;
using BioVision.Subcortical;
using BioVision.V1;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// An EVNet (Piper, Oliveira &amp; Marques 2025): <c>subcorticalblock</c> (retina and LGN), <c>voneblock</c> (V1 reading
/// the P and M channels), <c>voneblock_bottleneck</c> (1×1 convolution, no bias, Kaiming-normal fan-out init) and
/// <c>model</c> (the back end without its stem), named as the reference's <c>nn.Sequential</c>, so the state-dict keys
/// of a released EVResNet50 checkpoint (<c>checkpoint["model"]</c>) line up.
/// </summary>
/// <example>
/// <code>
/// using var model = EVNet.Create(BackboneKind.ResNet50, new EVNetOptions(), 1000, torch.CPU); // EVResNet50
/// using var small = ModelFactory.Create(new ModelSpec { VOne = true, FrontEnd = FrontEndKind.EVNet, Width = 16 }, torch.CPU);
/// </code>
/// </example>
public sealed class EVNet : nn.Module<Tensor, Tensor>, IActivationModel, IFrontEndModel
{
    private readonly SubcorticalBlock subcorticalblock;
    private readonly VOneBlock voneblock;
    private readonly Conv2d voneblock_bottleneck;
    private readonly nn.Module<Tensor, Tensor> model;

    /// <summary>Assembles an EVNet from its parts.</summary>
    /// <param name="subcortical">The subcortical block.</param>
    /// <param name="block">The V1 block; it must read the subcortical block's channels.</param>
    /// <param name="backEnd">The back end; it receives <paramref name="bottleneckChannels"/> channels.</param>
    /// <param name="bottleneckChannels">Output channels of the 1×1 bottleneck.</param>
    /// <exception cref="ArgumentException">The V1 block does not read the subcortical block's channels.</exception>
    public EVNet(SubcorticalBlock subcortical, VOneBlock block, nn.Module<Tensor, Tensor> backEnd, int bottleneckChannels) : base(nameof(EVNet))
    {
        ArgumentNullException.ThrowIfNull(subcortical);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(backEnd);
        ArgumentOutOfRangeException.ThrowIfLessThan(bottleneckChannels, 1);
        if (block.Options.InputChannels != subcortical.OutputChannels)
        {
            throw new ArgumentException($"The V1 block reads {block.Options.InputChannels} channels but the subcortical block gives {subcortical.OutputChannels}.", nameof(block));
        }

        subcorticalblock = subcortical;
        voneblock = block;
        voneblock_bottleneck = nn.Conv2d(block.OutputChannels, bottleneckChannels, 1, bias: false);
        nn.init.kaiming_normal_(voneblock_bottleneck.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        model = backEnd;
        RegisterComponents();
    }

    /// <summary>The subcortical block.</summary>
    public SubcorticalBlock Subcortical => subcorticalblock;

    /// <summary>The V1 block.</summary>
    public VOneBlock Block => voneblock;

    /// <inheritdoc />
    public string BlockActivation => "voneblock";

    /// <summary>The back end.</summary>
    public nn.Module<Tensor, Tensor> BackEnd => model;

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames =>
        new[] { "subcorticalblock", "voneblock", "voneblock_bottleneck" }
            .Concat(model is IActivationModel m ? m.ActivationNames.Select(n => "model." + n) : ["model"]).Append("output").ToArray();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var taps = activations is null ? null : new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = subcorticalblock.forward(input).Tap(taps, "subcorticalblock");
        // The V1 block checked nothing the subcortical block did not already check (finite, right shape).
        using (InputChecks.Trust())
        {
            x = voneblock.forward(x).Tap(taps, "voneblock");
        }

        x = voneblock_bottleneck.forward(x).Tap(taps, "voneblock_bottleneck");
        x = model.ForwardTapped(x, taps, "model").Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }

    /// <summary>Loads tensors by name (a reference EVNet state dict or a BioVision one), re-deriving the V1 block's packed filters.</summary>
    /// <param name="source">Tensors by state-dict key.</param>
    /// <param name="strict">Whether missing, unexpected or mis-shaped keys are an error (then nothing is loaded).</param>
    /// <param name="skip">Keys to leave alone.</param>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
    {
        var report = StateDictLoader.Load(this, source, new StateDictLoadOptions { Strict = strict, Skip = skip?.ToArray() ?? [] });
        return (report.Missing.ToList(), report.Unexpected.ToList());
    }

    /// <summary>Loads a BioVision (TorchSharp) weights file.</summary>
    /// <param name="reader">The open file.</param>
    /// <param name="strict">Whether missing or unexpected keys are an error.</param>
    /// <param name="skip">Keys to leave alone.</param>
    /// <param name="loadedParameters">Filled with the keys loaded, when given.</param>
    public override nn.Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
    {
        BioVisionWeights.Load(this, reader, strict, skip, loadedParameters);
        return this;
    }

    /// <summary>An EVNet with the given back end (without its stem) on <paramref name="device"/>.</summary>
    /// <param name="kind">Backbone.</param>
    /// <param name="options">Options (null: EVNet's standard variant at 224 px).</param>
    /// <param name="numClasses">Number of output classes.</param>
    /// <param name="device">Device (CPU when null).</param>
    /// <param name="smallCnnWidth">Width of a <see cref="BackboneKind.SmallCnn"/> back end and of the bottleneck in front of it.</param>
    public static EVNet Create(BackboneKind kind, EVNetOptions? options, int numClasses, Device? device = null, int smallCnnWidth = VOneNet.SmallCnnBottleneckChannels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(smallCnnWidth, 1);
        options = (options ?? new EVNetOptions()).Validate();
        int channels = VOneNet.BottleneckChannels(kind, smallCnnWidth);
        var backEnd = VOneNet.CreateBackEnd(kind, numClasses, stem: false, options.VOneBlock.InputChannels, smallCnnWidth);
        var net = new EVNet(new SubcorticalBlock(options.Subcortical), new VOneBlock(options.VOneBlock), backEnd, channels);
        return device is null ? net : net.to(device);
    }
}
