using BioVision.Models;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Models;

/// <summary>Backbones, the VOneNet factory and named activations.</summary>
public class BackboneTests
{
    private static readonly VOneBlockOptions SmallBlock = new() { SimpleChannels = 8, ComplexChannels = 8, NoiseMode = NoiseMode.None };

    private static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory]
    // Parameter counts published in torchvision's model documentation (resnet18, resnet50, alexnet, 1000 classes).
    [InlineData(BackboneKind.ResNet18, 11_689_512L)]
    [InlineData(BackboneKind.ResNet50, 25_557_032L)]
    [InlineData(BackboneKind.AlexNet, 61_100_840L)]
    public void BaselinesHaveTorchvisionParameterCounts(BackboneKind kind, long expected)
    {
        using var model = VOneNet.Create(kind, new VOneNetOptions { UseV1FrontEnd = false }, 1000, CPU);
        Assert.Equal(expected, ParameterCount(model));
    }

    [Fact]
    public void ResNet18StateDictUsesTorchvisionNames()
    {
        using var model = ResNet.ResNet18(10);
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (string k in new[] { "conv1.weight", "bn1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer1.1.bn2.bias",
                     "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.conv2.weight", "fc.weight", "fc.bias" })
        {
            Assert.Contains(k, keys);
        }
    }

    [Fact]
    public void VOneResNet18RemovesTheStemAndNamesLikeTheReference()
    {
        using var model = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions { Block = SmallBlock }, 10, CPU);
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("vone_block.simple_conv_q0.weight", keys);
        Assert.Contains("vone_block.simple_conv_q1.weight", keys);
        Assert.Contains("bottleneck.weight", keys);
        Assert.Contains("model.layer1.0.conv1.weight", keys);
        Assert.DoesNotContain("model.conv1.weight", keys);
        // The V1 block is fixed: only the bottleneck and back end train.
        Assert.DoesNotContain(model.named_parameters(), p => p.name.StartsWith("vone_block", StringComparison.Ordinal));
        Assert.Equal(ParameterCount(ResNet.ResNet18(10)) - ((64 * 3 * 49) + 128) + (16 * 64), ParameterCount(model));
    }

    [Fact]
    public void VOneResNet18ForwardsWithActivationsAndTrains()
    {
        using var scope = NewDisposeScope();
        using var model = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions { Block = SmallBlock }, 10, CPU);
        var x = torch.rand(2, 3, 64, 64);
        var (logits, acts) = model.ForwardWithActivations(x);
        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.Equal(new long[] { 2, 16, 16, 16 }, acts["vone_block"].shape);
        Assert.Equal(new long[] { 2, 64, 16, 16 }, acts["model.layer1"].shape);
        Assert.Equal(new long[] { 2, 512, 2, 2 }, acts["model.layer4"].shape);
        Assert.Equal(((IActivationModel)model).ActivationNames.ToHashSet(), acts.Keys.ToHashSet());
        var loss = nn.functional.cross_entropy(logits, torch.tensor(new long[] { 1, 2 }));
        loss.backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }

    [Theory]
    [InlineData(BackboneKind.AlexNet, 224)]
    [InlineData(BackboneKind.ResNet50, 64)]
    public void OtherVOneBackbonesRun(BackboneKind kind, int size)
    {
        using var scope = NewDisposeScope();
        using var model = VOneNet.Create(kind, new VOneNetOptions { Block = SmallBlock }, 7, CPU);
        model.eval();
        var (logits, acts) = model.ForwardWithActivations(torch.rand(1, 3, size, size));
        Assert.Equal(new long[] { 1, 7 }, logits.shape);
        Assert.Equal(((IActivationModel)model).ActivationNames.ToHashSet(), acts.Keys.ToHashSet());
    }

    [Fact]
    public void CifarResNetWithScaledGrayscaleFrontEnd()
    {
        using var scope = NewDisposeScope();
        var options = VOneNetOptions.ForImageSize(32, inputChannels: 1) with { Block = ScaledFrontEnd.ForImageSize(32, 1, SmallBlock) };
        using var model = VOneNet.Create(BackboneKind.CifarResNet, options, 10, CPU);
        var (logits, acts) = model.ForwardWithActivations(torch.rand(2, 1, 32, 32));
        Assert.Equal(new long[] { 2, 10 }, logits.shape);
        Assert.Equal(new long[] { 2, 16, 32, 32 }, acts["vone_block"].shape);
        using var baseline = VOneNet.Create(BackboneKind.CifarResNet, new VOneNetOptions { UseV1FrontEnd = false, Block = options.Block }, 10, CPU);
        Assert.Equal(new long[] { 2, 10 }, baseline.forward(torch.rand(2, 1, 32, 32)).shape);
        // He et al. 2016: ResNet-20 has 0.27 M parameters.
        Assert.InRange(ParameterCount(baseline), 265_000, 275_000);
    }

    [Fact]
    public void EvalModeReachesTheV1BlockForFollowTrainingNoise()
    {
        using var scope = NewDisposeScope();
        var block = SmallBlock with { NoiseMode = NoiseMode.Neuronal, NoiseControl = NoiseControl.FollowTraining };
        using var model = VOneNet.Create(BackboneKind.CifarResNet, new VOneNetOptions { Block = ScaledFrontEnd.ForImageSize(32, 3, block) }, 10, CPU);
        var x = torch.rand(2, 3, 32, 32);
        model.eval();
        Assert.True(model.forward(x).eq(model.forward(x)).all().item<bool>());
        model.train();
        var (_, a) = model.ForwardWithActivations(x);
        var (_, b) = model.ForwardWithActivations(x);
        Assert.False(a["vone_block"].eq(b["vone_block"]).all().item<bool>());
    }

    [Fact]
    public void WrapsAnyModule()
    {
        using var scope = NewDisposeScope();
        var head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(new long[] { 1, 1 })), ("flatten", nn.Flatten()), ("fc", nn.Linear(16, 3)));
        using var net = VOneNet.Wrap(head, SmallBlock, bottleneckChannels: null);
        var (y, acts) = net.ForwardWithActivations(torch.rand(2, 3, 40, 40));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.Contains("vone_block", acts.Keys);
        Assert.Contains("model", acts.Keys);
    }

    [Theory]
    [InlineData(28, 15, 1)]
    [InlineData(32, 17, 1)]
    [InlineData(64, 25, 2)]
    public void ScaledFrontEndFollowsTheDocumentedRule(int size, int kernel, int stride)
    {
        var o = ScaledFrontEnd.ForImageSize(size, 1);
        Assert.Equal(kernel, o.KernelSize);
        Assert.Equal(stride, o.Stride);
        Assert.Equal(1, o.InputChannels);
        // Law: the highest sampled frequency stays above Nyquist (>= 2 pixels per cycle) at the reference resolution.
        Assert.True(o.PixelsPerDegree / o.Sampler.SfMax >= 2);
        Assert.Equal(28.0, o.PixelsPerDegree, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaledFrontEnd.ForImageSize(32, 2));
    }
}
