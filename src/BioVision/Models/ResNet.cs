using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// ImageNet ResNet with torchvision's state-dict names (<c>conv1</c>, <c>bn1</c>, <c>layer1..4</c>, <c>fc</c>). Without the
/// stem it is VOneNet's back end: <c>layer1</c> takes 64 channels (<see cref="Width"/>) at 1/4 resolution (the V1 block and bottleneck replace
/// conv1/bn1/relu/maxpool), exactly as the reference's <c>ResNetBackEnd</c>.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>, IActivationModel
{
    private readonly Conv2d? conv1;
    private readonly BatchNorm2d? bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds a ResNet.</summary>
    /// <param name="block">Residual block type.</param>
    /// <param name="layers">Blocks per stage (4 stages), e.g. [2, 2, 2, 2] for ResNet-18.</param>
    /// <param name="numClasses">Output classes.</param>
    /// <param name="stem">True for the 7×7/2 convolution + max-pool stem; false for a VOneNet back end (64-channel input).</param>
    /// <param name="inputChannels">Image channels when <paramref name="stem"/> is true.</param>
    /// <param name="width">Channels of the stem and of <c>layer1</c>'s blocks (64, torchvision's); stages double it. Smaller
    /// widths give narrow networks with the same names (small test fixtures).</param>
    public ResNet(ResidualBlockKind block, IReadOnlyList<int> layers, int numClasses, bool stem = true, int inputChannels = 3, int width = 64) : base(nameof(ResNet))
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count != 4 || layers.Any(l => l < 1))
        {
            throw new ArgumentException("ResNet needs four stages with at least one block each.", nameof(layers));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Block = block;
        Width = width;
        HasStem = stem;
        if (stem)
        {
            conv1 = nn.Conv2d(inputChannels, width, 7, stride: 2, padding: 3, bias: false);
            bn1 = nn.BatchNorm2d(width);
            maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        }

        long inPlanes = width;
        layer1 = MakeLayer(block, ref inPlanes, width, layers[0], 1);
        layer2 = MakeLayer(block, ref inPlanes, 2L * width, layers[1], 2);
        layer3 = MakeLayer(block, ref inPlanes, 4L * width, layers[2], 2);
        layer4 = MakeLayer(block, ref inPlanes, 8L * width, layers[3], 2);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 1, 1 });
        fc = nn.Linear(inPlanes, numClasses);
        RegisterComponents();
        ActivationExtensions.KaimingFanOut(this);
    }

    /// <summary>ResNet-18 ([2, 2, 2, 2] basic blocks).</summary>
    /// <param name="numClasses">Output classes.</param>
    /// <param name="stem">False for a VOneNet back end.</param>
    /// <param name="inputChannels">Image channels.</param>
    /// <param name="width">Stem and <c>layer1</c> width (64, torchvision's).</param>
    public static ResNet ResNet18(int numClasses, bool stem = true, int inputChannels = 3, int width = 64) => new(ResidualBlockKind.Basic, [2, 2, 2, 2], numClasses, stem, inputChannels, width);

    /// <summary>ResNet-50 ([3, 4, 6, 3] bottleneck blocks).</summary>
    /// <param name="numClasses">Output classes.</param>
    /// <param name="stem">False for a VOneNet back end.</param>
    /// <param name="inputChannels">Image channels.</param>
    /// <param name="width">Stem and <c>layer1</c> width (64, torchvision's).</param>
    public static ResNet ResNet50(int numClasses, bool stem = true, int inputChannels = 3, int width = 64) => new(ResidualBlockKind.Bottleneck, [3, 4, 6, 3], numClasses, stem, inputChannels, width);

    /// <summary>The residual block type.</summary>
    public ResidualBlockKind Block { get; }

    /// <summary>Stem and <c>layer1</c> width (64 for torchvision's ResNets).</summary>
    public int Width { get; }

    /// <summary>Whether the ImageNet stem is present.</summary>
    public bool HasStem { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames => HasStem
        ? ["maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "output"]
        : ["layer1", "layer2", "layer3", "layer4", "avgpool", "output"];

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var taps = activations is null ? null : new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        if (conv1 is not null && bn1 is not null && maxpool is not null)
        {
            x = maxpool.forward(nn.functional.relu(bn1.forward(conv1.forward(x)))).Tap(taps, "maxpool");
        }

        x = layer1.forward(x).Tap(taps, "layer1");
        x = layer2.forward(x).Tap(taps, "layer2");
        x = layer3.forward(x).Tap(taps, "layer3");
        x = layer4.forward(x).Tap(taps, "layer4");
        x = avgpool.forward(x).flatten(1).Tap(taps, "avgpool");
        x = fc.forward(x).Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }

    private static Sequential MakeLayer(ResidualBlockKind kind, ref long inPlanes, long planes, int blocks, long stride)
    {
        int expansion = kind == ResidualBlockKind.Basic ? BasicBlock.Expansion : Bottleneck.Expansion;
        Sequential? downsample = null;
        if (stride != 1 || inPlanes != planes * expansion)
        {
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inPlanes, planes * expansion, 1, stride: stride, bias: false)),
                ("1", nn.BatchNorm2d(planes * expansion)));
        }

        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < blocks; i++)
        {
            nn.Module<Tensor, Tensor> b = kind == ResidualBlockKind.Basic
                ? new BasicBlock(inPlanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null)
                : new Bottleneck(inPlanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null);
            modules.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), b));
            inPlanes = planes * expansion;
        }

        return nn.Sequential(modules.ToArray());
    }
}
