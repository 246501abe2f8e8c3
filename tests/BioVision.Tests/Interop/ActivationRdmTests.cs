using BioVision.Benchmarks.Neural;
using BioVision.Interop;
using BioVision.Rsa.RdmMethods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Interop;

/// <summary>On-device RDMs against the managed implementation (float64: 1e-12 relative; float32: 1e-4).</summary>
public class ActivationRdmTests
{
    private static Tensor Activations(Device device)
    {
        // Formula-defined [conditions=12, 3, 4, 5] activations (no RNG), like synthetic.json's X.
        var values = new double[12 * 60];
        for (int i = 0; i < 12; i++)
        {
            for (int j = 0; j < 60; j++)
            {
                values[(i * 60) + j] = Math.Sin((0.37 * i) + (0.11 * j)) + (0.1 * Math.Cos(i * j));
            }
        }

        return tensor(values, [12, 3, 4, 5], device: device);
    }

    public static TheoryData<string> Devices
    {
        get
        {
            var d = new TheoryData<string> { "cpu" };
            if (cuda.is_available())
            {
                d.Add("cuda");
            }

            return d;
        }
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void DeviceRdmMatchesManaged(string deviceName)
    {
        using var scope = NewDisposeScope();
        var x = Activations(new Device(deviceName));
        var dataset = ActivationRdm.ToDataset(x);
        Assert.Equal(12, dataset.Observations);
        Assert.Equal(60, dataset.Channels);
        foreach (var method in new[] { RdmMethod.Euclidean, RdmMethod.Correlation })
        {
            var managed = RdmCalculator.Calculate(dataset, new RdmOptions { Method = method }).Vector(0).ToArray();
            var device = ActivationRdm.ComputeRdm(x, method).Vector(0).ToArray();
            var single = ActivationRdm.ComputeRdm(x, method, ScalarType.Float32).Vector(0).ToArray();
            Assert.Equal(managed.Length, device.Length);
            for (int k = 0; k < managed.Length; k++)
            {
                Assert.True(Math.Abs(managed[k] - device[k]) <= 1e-12 * Math.Max(1, Math.Abs(managed[k])), $"{method}[{k}] {device[k]} vs {managed[k]}");
                Assert.True(Math.Abs(managed[k] - single[k]) <= 1e-4 * Math.Max(1, Math.Abs(managed[k])), $"{method} float32 [{k}]");
            }
        }
    }

    [Fact]
    public void RejectsUnsupportedInput()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => ActivationRdm.ComputeRdm(ones(5), RdmMethod.Euclidean));
        Assert.Throws<ArgumentException>(() => ActivationRdm.ComputeRdm(ones(4, 3), RdmMethod.Crossnobis));
        Assert.Throws<ArgumentException>(() => ActivationRdm.ComputeRdm(ones(4, 3), RdmMethod.Correlation));
        Assert.Throws<ArgumentException>(() => ActivationRdm.ComputeRdm(full(4, 3, double.NaN), RdmMethod.Euclidean));
    }
}
