using Xunit;
using BioVision.Devices;
using TorchSharp;

namespace BioVision.Tests.Devices;

public sealed class DeviceSelectorTests
{
    [Theory]
    [InlineData("auto", DeviceKind.Auto, null)]
    [InlineData("CPU", DeviceKind.Cpu, null)]
    [InlineData("cuda", DeviceKind.Cuda, null)]
    [InlineData(" cuda:3 ", DeviceKind.Cuda, 3)]
    public void ParsesDeviceNames(string text, DeviceKind kind, int? index)
    {
        Assert.Equal(new DeviceRequest(kind, index), DeviceRequest.Parse(text));
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cpu:0x")]
    public void RejectsUnknownDevices(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceRequest.Parse(text));
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitCpuIsCpu()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Select(new DeviceRequest(DeviceKind.Cpu)).type);
    }

    [Fact]
    public void AutoPicksCudaExactlyWhenAvailable()
    {
        var device = DeviceSelector.Select(DeviceRequest.Auto);
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Fact]
    public void EnvironmentVariableOverridesAutomaticSelection()
    {
        string? saved = Environment.GetEnvironmentVariable(DeviceSelector.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DeviceSelector.EnvironmentVariable, "cpu");
            Assert.Equal(DeviceType.CPU, DeviceSelector.Select((DeviceRequest?)null).type);
            Environment.SetEnvironmentVariable(DeviceSelector.EnvironmentVariable, "quantum");
            Assert.Throws<ArgumentException>(() => DeviceSelector.Select((DeviceRequest?)null));
            // An explicit request wins over the variable.
            Assert.Equal(DeviceType.CPU, DeviceSelector.Select("cpu").type);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DeviceSelector.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void CudaWithoutAGpuFailsWithAnExplanation()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Select("cuda").type);
            return;
        }

        var e = Assert.Throws<InvalidOperationException>(() => DeviceSelector.Select("cuda"));
        Assert.Contains("BioVisionTorchBackend=cuda", e.Message, StringComparison.Ordinal);
    }
}
