using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>The 1×1–3×3–1×1 residual block of ResNet-50 (torchvision v1.5: stride on the 3×3 convolution).</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>planes</c>.</summary>
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    /// <summary>Builds the block.</summary>
    /// <param name="inPlanes">Input channels.</param>
    /// <param name="planes">Inner width; the output has <c>4 · planes</c> channels.</param>
    /// <param name="stride">Stride of the 3×3 convolution.</param>
    /// <param name="downsample">Projection of the identity path, or null.</param>
    public Bottleneck(long inPlanes, long planes, long stride = 1, Sequential? downsample = null) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = nn.functional.relu(bn1.forward(conv1.forward(input)));
        output = nn.functional.relu(bn2.forward(conv2.forward(output)));
        output = bn3.forward(conv3.forward(output));
        var identity = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(output.add(identity)).MoveToOuterDisposeScope();
    }
}
