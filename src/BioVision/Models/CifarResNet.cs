using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// A small CIFAR-scale ResNet (He et al. 2016, section 4.2): a 3×3 stem, three stages of basic blocks with widths
/// 16/32/64 (strides 1/2/2), global average pooling and a linear classifier; <c>blocksPerStage = 3</c> gives ResNet-20
/// (0.27 M parameters). Projection shortcuts (1×1 convolution + BN) where the shape changes. Names follow torchvision:
/// <c>conv1</c>, <c>bn1</c>, <c>layer1..3</c>, <c>fc</c>. Without the stem it is a VOneNet back end taking
/// <see cref="StemChannels"/> channels.
/// </summary>
public sealed class CifarResNet : nn.Module<Tensor, Tensor>, IActivationModel
{
    /// <summary>Channels after the stem (and of the VOneNet bottleneck): 16.</summary>
    public const int StemChannels = 16;

    private readonly Conv2d? conv1;
    private readonly BatchNorm2d? bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    /// <summary>Builds the network.</summary>
    /// <param name="numClasses">Output classes (10 for CIFAR-10).</param>
    /// <param name="stem">True for the 3×3 stem; false for a VOneNet back end.</param>
    /// <param name="inputChannels">Image channels when <paramref name="stem"/> is true.</param>
    /// <param name="blocksPerStage">Basic blocks per stage (3 → ResNet-20, 5 → ResNet-32).</param>
    public CifarResNet(int numClasses, bool stem = true, int inputChannels = 3, int blocksPerStage = 3) : base(nameof(CifarResNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocksPerStage, 1);
        HasStem = stem;
        if (stem)
        {
            conv1 = nn.Conv2d(inputChannels, StemChannels, 3, stride: 1, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(StemChannels);
        }

        long inPlanes = StemChannels;
        layer1 = Stage(ref inPlanes, 16, blocksPerStage, 1);
        layer2 = Stage(ref inPlanes, 32, blocksPerStage, 2);
        layer3 = Stage(ref inPlanes, 64, blocksPerStage, 2);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 1, 1 });
        fc = nn.Linear(64, numClasses);
        RegisterComponents();
        ActivationExtensions.KaimingFanOut(this);
    }

    /// <summary>Whether the stem is present.</summary>
    public bool HasStem { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ActivationNames => HasStem
        ? ["conv1", "layer1", "layer2", "layer3", "avgpool", "output"]
        : ["layer1", "layer2", "layer3", "avgpool", "output"];

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <inheritdoc />
    public Tensor Forward(Tensor input, IDictionary<string, Tensor>? activations)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var taps = activations is null ? null : new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var x = input;
        if (conv1 is not null && bn1 is not null)
        {
            x = nn.functional.relu(bn1.forward(conv1.forward(x))).Tap(taps, "conv1");
        }

        x = layer1.forward(x).Tap(taps, "layer1");
        x = layer2.forward(x).Tap(taps, "layer2");
        x = layer3.forward(x).Tap(taps, "layer3");
        x = avgpool.forward(x).flatten(1).Tap(taps, "avgpool");
        x = fc.forward(x).Tap(taps, "output");
        return ActivationExtensions.Publish(x, taps, activations);
    }

    private static Sequential Stage(ref long inPlanes, long planes, int blocks, long stride)
    {
        Sequential? downsample = null;
        if (stride != 1 || inPlanes != planes)
        {
            downsample = nn.Sequential(("0", nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(planes)));
        }

        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < blocks; i++)
        {
            modules.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), new BasicBlock(inPlanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null)));
            inPlanes = planes;
        }

        return nn.Sequential(modules.ToArray());
    }
}
