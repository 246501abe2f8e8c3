using BioVision.Native;
using Microsoft.DotNet.Interactive;

namespace BioVision.Interactive;

/// <summary>
/// The .NET Interactive extension that <c>#r "nuget: BioVision.Interactive"</c> loads from the package's
/// <c>interactive-extensions/dotnet</c> folder: it makes TorchSharp's native layer loadable on this system
/// and applies BioVision's default CPU numerics (<see cref="TorchSharpRuntime.Initialize"/>, <see cref="CpuNumerics"/>), lets SkiaSharp find its native library for the life of the process
/// (<see cref="SkiaSharpNatives"/>) and registers <see cref="BioVisionFormatters"/>.
/// </summary>
public sealed class BioVisionKernelExtension : IKernelExtension
{
    /// <summary>Called by the kernel when the package is added.</summary>
    /// <param name="kernel">The kernel (usually the composite kernel of the notebook).</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="NativeLibraryUnavailableException">TorchSharp cannot load here; the message says why and what to install.</exception>
    /// <exception cref="CpuNumericsException">BioVision's default CPU numerics cannot be applied (e.g. an unknown <c>BIOVISION_CPU_CONVOLUTION</c>).</exception>
    public Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        TorchSharpRuntime.Initialize();
        SkiaSharpNatives.Register();
        BioVisionFormatters.Register();
        return Task.CompletedTask;
    }
}
