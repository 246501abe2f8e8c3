namespace BioVision.Native;

/// <summary>
/// Which kernels libtorch runs CPU convolutions with, as a choice of libtorch's switches (see <see cref="CpuNumerics"/>
/// and <see cref="CpuNumericsState.For(CpuConvolutionKernels)"/>).
/// </summary>
/// <remarks>
/// The switches are those of libtorch's global context behind PyTorch's <c>torch.backends.mkldnn.enabled</c> and
/// <c>torch.backends.nnpack.enabled</c>. They say which kernels libtorch may use, not which one a given call runs: that
/// also depends on the dtype, the shapes, the number of threads and whether libtorch was built with oneDNN (ATen's
/// <c>_select_conv_backend</c>). NNPACK, for instance, is only ever used for convolutions that need no gradient.
/// </remarks>
public enum CpuConvolutionKernels
{
    /// <summary>
    /// libtorch's (and PyTorch's) own defaults: oneDNN and NNPACK both enabled, allocations not zero-filled. On x86 CPUs
    /// with AVX2 or AVX-512 this is the setting whose convolution input gradients are wrong for channel counts that are
    /// not a multiple of 8 or 16 (<see cref="CpuNumerics"/>).
    /// </summary>
    LibTorchDefault,

    /// <summary>
    /// ATen's own im2col + BLAS convolutions: oneDNN (<c>torch.backends.mkldnn.enabled = False</c>) and NNPACK
    /// (<c>torch.backends.nnpack.enabled = False</c>) disabled. BioVision's default on x86 CPUs with AVX2 or AVX-512.
    /// </summary>
    Aten,

    /// <summary>
    /// oneDNN's native channel-blocked kernels (oneDNN enabled, NNPACK disabled), with zero-filled CPU allocations
    /// against the NaN their backward pass reads from unwritten padding. Faster than <see cref="Aten"/>, but with several
    /// intra-op threads the input gradients of channel counts that are not a multiple of the block remain wrong on x86
    /// CPUs with AVX2 or AVX-512: at your own risk, for speed or to reproduce the fault.
    /// </summary>
    OneDnn,
}
