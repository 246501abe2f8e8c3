using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>The two-convolution residual block of ResNet-18/34 (torchvision names: conv1, bn1, conv2, bn2, downsample).</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>planes</c>.</summary>
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    /// <summary>Builds the block.</summary>
    /// <param name="inPlanes">Input channels.</param>
    /// <param name="planes">Channels of both convolutions.</param>
    /// <param name="stride">Stride of the first convolution.</param>
    /// <param name="downsample">Projection of the identity path, or null.</param>
    public BasicBlock(long inPlanes, long planes, long stride = 1, Sequential? downsample = null) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = nn.functional.relu(bn1.forward(conv1.forward(input)));
        output = bn2.forward(conv2.forward(output));
        var identity = downsample is null ? input : downsample.forward(input);
        return nn.functional.relu(output.add(identity)).MoveToOuterDisposeScope();
    }
}
