using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Models;

public sealed class InitialisationTests
{
    private static float[] Weights(nn.Module model) => [.. model.parameters().SelectMany(p => p.detach().data<float>().ToArray())];

    [Fact]
    public void The_same_seed_gives_the_same_weights_whatever_the_global_generator_does()
    {
        var spec = new ModelSpec { VOne = true, Width = 4, ImageSize = 12 };
        random.manual_seed(1);
        using var first = ModelFactory.Create(spec, CPU, 5);
        random.manual_seed(2);
        using (var noise = rand(1000)) { }
        using var second = ModelFactory.Create(spec, CPU, 5);
        using var other = ModelFactory.Create(spec, CPU, 6);
        Assert.Equal(Weights(first), Weights(second));
        Assert.NotEqual(Weights(first), Weights(other));
    }

    // PyTorch's rules: linear/conv weights uniform in ±1/sqrt(fan_in) (std bound/sqrt(3)), batch norm 1 and 0,
    // ResNet convolutions normal with std sqrt(2 / fan_out).
    [Fact]
    public void Draws_follow_the_layers_rules()
    {
        using var generator = new Generator(3);
        using var linear = nn.Linear(400, 300);
        Initialisation.ResetParameters(linear, generator);
        double bound = 1 / Math.Sqrt(400);
        Assert.True(linear.weight!.abs().max().item<float>() <= bound);
        Assert.Equal(bound / Math.Sqrt(3), linear.weight.std().item<float>(), 3);

        using var resnet = new CifarResNet(10);
        Initialisation.ResetParameters(resnet, generator);
        var conv = resnet.modules().OfType<TorchSharp.Modules.Conv2d>().Last();
        long fanOut = conv.weight!.shape[0] * conv.weight.shape[2] * conv.weight.shape[3];
        Assert.Equal(Math.Sqrt(2.0 / fanOut), conv.weight.std().item<float>(), 2);
        var norm = resnet.modules().OfType<TorchSharp.Modules.BatchNorm2d>().First();
        Assert.Equal(1f, norm.weight!.min().item<float>());
        Assert.Equal(0f, norm.bias!.abs().max().item<float>());
    }
}
