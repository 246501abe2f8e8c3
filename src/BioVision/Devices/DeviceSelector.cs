using BioVision.Native;
using TorchSharp;

namespace BioVision.Devices;

/// <summary>
/// The one place that decides which <see cref="torch.Device"/> BioVision computes on: an explicit request wins,
/// then the <c>BIOVISION_DEVICE</c> environment variable, then CUDA when available, else the CPU.
/// Everything downstream takes the resulting <see cref="torch.Device"/>.
/// </summary>
public static class DeviceSelector
{
    /// <summary>The environment variable that overrides automatic selection (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).</summary>
    public const string EnvironmentVariable = "BIOVISION_DEVICE";

    /// <summary>Resolves a request to a device.</summary>
    /// <param name="request">The request; null or <see cref="DeviceRequest.Auto"/> consults the environment variable.</param>
    /// <exception cref="InvalidOperationException">CUDA was requested but is not available.</exception>
    /// <exception cref="ArgumentException">The environment variable holds an unknown device.</exception>
    public static torch.Device Select(DeviceRequest? request = null)
    {
        TorchSharpRuntime.Initialize();
        var effective = request ?? DeviceRequest.Auto;
        if (effective.Kind == DeviceKind.Auto && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            effective = DeviceRequest.Parse(fromEnvironment);
        }

        bool cuda = torch.cuda.is_available();
        return effective.Kind switch
        {
            DeviceKind.Cpu => torch.CPU,
            DeviceKind.Cuda when !cuda => throw new InvalidOperationException(
                $"CUDA was requested ({effective}) but is not available: this build uses the '{TorchSharpRuntime.Backend}' TorchSharp backend " +
                "(build with -p:BioVisionTorchBackend=cuda on a machine with an NVIDIA driver) or no GPU is visible."),
            DeviceKind.Cuda => new torch.Device(DeviceType.CUDA, effective.Index ?? 0),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }

    /// <summary>Resolves a textual request such as a command-line value (<c>auto</c>, <c>cpu</c>, <c>cuda:1</c>).</summary>
    /// <param name="request">The text; null means automatic.</param>
    public static torch.Device Select(string? request) => Select(request is null ? null : DeviceRequest.Parse(request));

    /// <summary>A one-line description of a device, e.g. <c>cpu (2 threads)</c> or <c>cuda:0 (1 of 1 GPUs)</c>.</summary>
    /// <param name="device">The device to describe.</param>
    public static string Describe(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.type == DeviceType.CUDA
            ? $"{device} ({torch.cuda.device_count()} GPU(s) visible)"
            : $"{device} ({torch.get_num_threads()} threads)";
    }
}
