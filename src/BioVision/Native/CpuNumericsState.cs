namespace BioVision.Native;

/// <summary>
/// libtorch's CPU numerics switches, as read back from libtorch (<see cref="CpuNumerics.Current"/>) or as asked of it
/// (<see cref="CpuNumerics.Use(CpuNumericsState)"/>).
/// </summary>
/// <param name="MkldnnEnabled">
/// Whether ATen may run operations through oneDNN (formerly MKL-DNN): <c>at::Context::userEnabledMkldnn()</c>, the switch
/// behind PyTorch's <c>torch.backends.mkldnn.enabled</c>. libtorch's default: true.
/// </param>
/// <param name="NnpackEnabled">
/// Whether ATen may run convolutions through NNPACK: <c>at::Context::userEnabledNNPACK()</c>, the switch behind
/// <c>torch.backends.nnpack.enabled</c>. libtorch's default: true.
/// </param>
/// <param name="ZeroFilledAllocations">
/// Whether libtorch's CPU allocator zero-fills every new buffer: libc10's flag
/// <c>caffe2_cpu_allocator_do_zero_fill</c> (no PyTorch Python API). libtorch's default: false.
/// </param>
public sealed record CpuNumericsState(bool MkldnnEnabled, bool NnpackEnabled, bool ZeroFilledAllocations)
{
    /// <summary>
    /// The kernel choice these switches amount to: <see cref="CpuConvolutionKernels.Aten"/> (oneDNN and NNPACK off),
    /// <see cref="CpuConvolutionKernels.OneDnn"/> (oneDNN on, NNPACK off) or <see cref="CpuConvolutionKernels.LibTorchDefault"/>
    /// (both on); null for oneDNN off with NNPACK on, which BioVision never chooses (another library's or the user's doing).
    /// Zero-filling does not enter it.
    /// </summary>
    public CpuConvolutionKernels? Kernels => (MkldnnEnabled, NnpackEnabled) switch
    {
        (false, false) => CpuConvolutionKernels.Aten,
        (true, false) => CpuConvolutionKernels.OneDnn,
        (true, true) => CpuConvolutionKernels.LibTorchDefault,
        _ => null,
    };

    /// <summary>
    /// The switches of a kernel choice: <see cref="CpuConvolutionKernels.Aten"/> = oneDNN off, NNPACK off, no zero fill;
    /// <see cref="CpuConvolutionKernels.OneDnn"/> = oneDNN on, NNPACK off, zero fill on;
    /// <see cref="CpuConvolutionKernels.LibTorchDefault"/> = oneDNN on, NNPACK on, no zero fill (libtorch's defaults).
    /// Change the zero fill with <c>with { ZeroFilledAllocations = ... }</c>.
    /// </summary>
    /// <param name="kernels">The kernel choice.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kernels"/> is not a defined choice.</exception>
    public static CpuNumericsState For(CpuConvolutionKernels kernels) => kernels switch
    {
        CpuConvolutionKernels.LibTorchDefault => new CpuNumericsState(MkldnnEnabled: true, NnpackEnabled: true, ZeroFilledAllocations: false),
        CpuConvolutionKernels.Aten => new CpuNumericsState(MkldnnEnabled: false, NnpackEnabled: false, ZeroFilledAllocations: false),
        CpuConvolutionKernels.OneDnn => new CpuNumericsState(MkldnnEnabled: true, NnpackEnabled: false, ZeroFilledAllocations: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kernels), kernels, "Not a CPU convolution choice."),
    };

    /// <summary>A one-line description, e.g. <c>Aten (mkldnn off, nnpack off, zero-filled allocations off)</c>.</summary>
    public override string ToString() =>
        $"{(Kernels is { } kernels ? kernels.ToString() : "mixed")} (mkldnn {OnOff(MkldnnEnabled)}, nnpack {OnOff(NnpackEnabled)}, zero-filled allocations {OnOff(ZeroFilledAllocations)})";

    private static string OnOff(bool value) => value ? "on" : "off";
}
