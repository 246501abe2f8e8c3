using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>
/// Draws a model's initial weights from a caller's generator instead of torch's process-wide one, with the rules the
/// layers' constructors use (PyTorch's <c>reset_parameters</c>): convolution and linear weights and biases uniform in
/// ±1/sqrt(fan_in) (<c>kaiming_uniform_(a=sqrt(5))</c>), batch-norm scale 1 and shift 0 with fresh running statistics;
/// then the convolutions of <see cref="ResNet"/> and <see cref="CifarResNet"/> and the bottleneck of a
/// <see cref="VOneNet"/> normal with std sqrt(2/fan_out) (<c>kaiming_normal_(mode="fan_out", nonlinearity="relu")</c>),
/// as those models' constructors do. Layers of other types (the fixed Gabor filters of the V1 block, custom
/// parameters) keep their values.
/// </summary>
/// <remarks>
/// Hand-written because TorchSharp's layer constructors and <c>kaiming_*_</c> initialisers draw only from the global
/// generator, which every thread of the process shares: two trainers, or a trainer and any code that builds a layer on
/// another thread, would otherwise change each other's initial weights.
/// </remarks>
public static class Initialisation
{
    /// <summary>Re-initialises every convolution, linear and batch-norm layer of a model from a generator.</summary>
    /// <param name="model">The model (any device).</param>
    /// <param name="generator">A CPU generator, e.g. <c>new torch.Generator(seed)</c>; values are drawn on the CPU and copied.</param>
    public static void ResetParameters(nn.Module model, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = no_grad();
        // TorchSharp's modules() lists the descendants only; the model itself may be a ResNet or a VOneNet.
        var modules = model.modules().Prepend(model).Distinct().ToList();
        foreach (var module in modules)
        {
            switch (module)
            {
                case Conv1d conv:
                    ResetAffine(conv.weight, conv.bias, generator);
                    break;
                case Conv2d conv:
                    ResetAffine(conv.weight, conv.bias, generator);
                    break;
                case Conv3d conv:
                    ResetAffine(conv.weight, conv.bias, generator);
                    break;
                case Linear linear:
                    ResetAffine(linear.weight, linear.bias, generator);
                    break;
                case BatchNorm1d norm:
                    ResetNorm(norm.weight, norm.bias, norm.running_mean, norm.running_var);
                    break;
                case BatchNorm2d norm:
                    ResetNorm(norm.weight, norm.bias, norm.running_mean, norm.running_var);
                    break;
                case BatchNorm3d norm:
                    ResetNorm(norm.weight, norm.bias, norm.running_mean, norm.running_var);
                    break;
            }
        }

        foreach (var module in modules)
        {
            if (module is ResNet or CifarResNet)
            {
                foreach (var conv in module.modules().OfType<Conv2d>())
                {
                    KaimingNormalFanOut(conv.weight!, generator);
                }
            }
            else if (module is VOneNet && module.named_children().FirstOrDefault(c => c.name == "bottleneck").module is Conv2d bottleneck)
            {
                KaimingNormalFanOut(bottleneck.weight!, generator);
            }
            else if (module is EVNet && module.named_children().FirstOrDefault(c => c.name == "voneblock_bottleneck").module is Conv2d evBottleneck)
            {
                KaimingNormalFanOut(evBottleneck.weight!, generator);
            }
        }
    }

    private static void ResetAffine(Tensor? weight, Tensor? bias, Generator generator)
    {
        if (weight is null)
        {
            return;
        }

        double bound = 1 / Math.Sqrt(FanIn(weight));
        Fill(weight, Uniform(weight, bound, generator));
        if (bias is not null)
        {
            Fill(bias, Uniform(bias, bound, generator));
        }
    }

    private static void ResetNorm(Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar)
    {
        weight?.fill_(1);
        bias?.fill_(0);
        runningMean?.fill_(0);
        runningVar?.fill_(1);
    }

    private static void KaimingNormalFanOut(Tensor weight, Generator generator)
    {
        long fanOut = weight.shape[0] * weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        double std = Math.Sqrt(2.0 / fanOut);
        Fill(weight, randn(weight.shape, generator: generator).mul_(std));
    }

    private static long FanIn(Tensor weight) => weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    // Drawn with torch.rand/randn and an explicit generator: nn.init.uniform_/normal_ of TorchSharp 0.107 accept a
    // generator argument but draw from the global generator (the same seed gave different weights).
    private static Tensor Uniform(Tensor like, double bound, Generator generator) =>
        rand(like.shape, generator: generator).mul_(2 * bound).sub_(bound);

    /// <summary>Copies values drawn on the CPU into a parameter (any device) and frees them.</summary>
    private static void Fill(Tensor target, Tensor values)
    {
        using (values)
        {
            target.copy_(values);
        }
    }
}
