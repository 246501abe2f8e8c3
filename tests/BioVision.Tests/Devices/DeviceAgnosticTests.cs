using BioVision.Benchmarks.Neural;
using BioVision.Stochastic;
using Xunit;
using BioVision.Devices;
using BioVision.Interop;
using BioVision.Models;
using BioVision.Rsa.RdmMethods;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Devices;

/// <summary>
/// Hidden CPU assumptions, caught without a GPU: models are built on the CPU, then forward, backward, optimiser steps
/// and on-device RDMs run inside an <see cref="ImplicitDeviceTrap"/>, where a tensor created without an explicit device
/// lands on the meta device and fails when it meets real data. On a CUDA machine these code paths therefore keep
/// every tensor on the GPU.
/// </summary>
public sealed class DeviceAgnosticTests
{
    private static VOneBlockOptions SmallBlock(NoiseMode noise, NoiseControl control) =>
        ScaledFrontEnd.ForImageSize(32, inputChannels: 1) with { SimpleChannels = 8, ComplexChannels = 8, NoiseMode = noise, NoiseControl = control };

    [Theory]
    [InlineData(NoiseMode.None, NoiseControl.AlwaysOn)]
    [InlineData(NoiseMode.Neuronal, NoiseControl.AlwaysOn)]
    [InlineData(NoiseMode.Gaussian, NoiseControl.AlwaysOn)]
    [InlineData(NoiseMode.Neuronal, NoiseControl.FixedSeed)]
    public void VOneBlockForwardAndInputGradientStayOnTheInputDevice(NoiseMode noise, NoiseControl control)
    {
        using var scope = NewDisposeScope();
        using var block = new VOneBlock(SmallBlock(noise, control), device: CPU);
        var input = rand(2, 1, 32, 32).requires_grad_(true);
        using (ImplicitDeviceTrap.Open())
        {
            var output = block.forward(input);
            output.sum().backward();
            Assert.Equal(DeviceType.CPU, output.device_type);
        }

        Assert.NotNull(input.grad);
        Assert.False(input.grad!.isnan().any().item<bool>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VOneNetTrainingStepStaysOnTheModelDevice(bool vone)
    {
        using var scope = NewDisposeScope();
        var options = VOneNetOptions.ForImageSize(32, inputChannels: 1) with { UseV1FrontEnd = vone };
        options = options with { Block = options.Block with { SimpleChannels = 8, ComplexChannels = 8 } };
        using var model = VOneNet.Create(BackboneKind.CifarResNet, options, numClasses: 10, device: CPU);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var images = rand(4, 1, 32, 32);
        var labels = tensor(new long[] { 0, 1, 2, 3 });
        using (ImplicitDeviceTrap.Open())
        {
            model.train();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            Assert.Equal(DeviceType.CPU, loss.device_type);
            var (output, activations) = model.ForwardWithActivations(images);
            Assert.All(activations.Values, a => Assert.Equal(DeviceType.CPU, a.device_type));
            Assert.Equal(DeviceType.CPU, output.device_type);
        }
    }

    [Theory]
    [InlineData(RdmMethod.Euclidean)]
    [InlineData(RdmMethod.Correlation)]
    public void ActivationRdmIsComputedOnTheActivationsDevice(RdmMethod method)
    {
        using var scope = NewDisposeScope();
        var activations = randn(6, 4, 3, 3);
        using (ImplicitDeviceTrap.Open())
        {
            var rdm = ActivationRdm.ComputeRdm(activations, method);
            Assert.Equal(15, rdm.Pairs);
            Assert.Equal(6, rdm.Conditions);
        }
    }
}
