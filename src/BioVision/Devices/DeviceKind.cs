namespace BioVision.Devices;

/// <summary>Which compute device a user asks for.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when TorchSharp reports it available, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>A CUDA GPU; fails when none is available.</summary>
    Cuda,
}
