using Xunit;
using BioVision.Devices;
using TorchSharp;

namespace BioVision.Tests.Devices;

public sealed class ImplicitDeviceTrapTests
{
    [Fact]
    public void TensorsCreatedWithoutADeviceFailWhenTheyMeetRealOnes()
    {
        using var scope = torch.NewDisposeScope();
        var real = torch.ones(3);
        using (ImplicitDeviceTrap.Open())
        {
            var stray = torch.zeros(3);
            Assert.Equal(DeviceType.META, stray.device_type);
            var e = Assert.ThrowsAny<Exception>(() => (real + stray).sum());
            Assert.Contains("same device", e.Message, StringComparison.Ordinal);

            // Code that follows its input's device is unaffected.
            var placed = torch.zeros(3, device: real.device);
            Assert.Equal(3f, (real + placed).sum().item<float>());
        }

        Assert.Equal(DeviceType.CPU, torch.zeros(1).device_type);
    }
}
