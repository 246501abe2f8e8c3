using TorchSharp;

namespace BioVision.Devices;

/// <summary>
/// Catches hidden CPU assumptions without a GPU: while the trap is open, TorchSharp's default device is PyTorch's
/// <c>meta</c> device, so any tensor created without an explicit device (<c>torch.zeros(n)</c> instead of
/// <c>torch.zeros(n, device: x.device)</c>) has no storage and fails as soon as it meets a real tensor, with
/// "Expected all tensors to be on the same device". Code that places every tensor on its input's or model's device
/// runs unchanged.
/// </summary>
/// <remarks>
/// The default device is process-wide state: open the trap only in code that runs alone (tests run serially).
/// Dispose restores the previous default device.
/// </remarks>
public sealed class ImplicitDeviceTrap : IDisposable
{
    private readonly torch.Device _previous;
    private bool _disposed;

    private ImplicitDeviceTrap()
    {
        _previous = torch.get_default_device();
        torch.set_default_device(new torch.Device(DeviceType.META));
    }

    /// <summary>Opens the trap until the returned object is disposed.</summary>
    public static ImplicitDeviceTrap Open() => new();

    /// <summary>Restores the previous default device.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            torch.set_default_device(_previous);
            _disposed = true;
        }
    }
}
