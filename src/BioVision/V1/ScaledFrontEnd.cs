namespace BioVision.V1;

/// <summary>
/// V1 front ends for small images (28–64 pixels, colour or grayscale), chosen so that the filters keep their physical
/// meaning.
/// </summary>
/// <remarks>
/// <para><b>Rule.</b> (1) Resolution: keep the reference's 28 pixels per degree, so a filter of a given spatial frequency
/// (cycles/degree) has the same shape in pixels as in the 224-pixel reference and the highest sampled frequency (9 cpd,
/// 3.1 pixels per cycle) stays above the Nyquist limit of 2 pixels per cycle; the image then spans
/// <c>VisualDegrees = size / 28</c> (1.14° for 32 pixels, a foveal patch). Shrinking the visual angle instead (8° at any
/// size) would put 9 cpd at 0.44 pixels per cycle for 32-pixel images — pure aliasing.
/// (2) Kernel: the reference's 25 pixels (0.89°) when it fits, otherwise the largest odd size not above half the image
/// plus one (<c>k = min(25, odd ≤ size/2 + 1)</c>: 15 for 28, 17 for 32, 25 for 48–64), so a filter never spans more than
/// about half the image. Like the reference, the lowest frequencies are truncated by the kernel.
/// (3) Stride: the reference maps 224 pixels to a 56-wide grid; small images cannot afford that 4× loss, so the stride is
/// the largest power of two that keeps at least 32 positions per side (1 up to 63 pixels, 2 for 64). (4) Channels and
/// distributions are the reference's (256 + 256, sf_max 9); grayscale input uses <c>inputChannels = 1</c>, every filter
/// then reading channel 0.</para>
/// </remarks>
public static class ScaledFrontEnd
{
    /// <summary>The reference resolution, pixels per degree (224 px over 8°).</summary>
    public const double ReferencePixelsPerDegree = 28;

    /// <summary>Options of a V1 block for <paramref name="imageSize"/>-pixel images following the documented rule.</summary>
    /// <param name="imageSize">Image side, 8 to 224 pixels.</param>
    /// <param name="inputChannels">1 (grayscale) or 3 (colour).</param>
    /// <param name="baseOptions">Options to start from (noise, channels, sampler); null for the reference defaults.</param>
    public static VOneBlockOptions ForImageSize(int imageSize, int inputChannels = 3, VOneBlockOptions? baseOptions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(imageSize, 224);
        if (inputChannels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, "Use 1 (grayscale) or 3 (colour) input channels.");
        }

        int kernel = Math.Min(25, (imageSize / 2) + 1);
        if (kernel % 2 == 0)
        {
            kernel--;
        }

        int stride = 1;
        while (imageSize / (stride * 2) >= 32)
        {
            stride *= 2;
        }

        return (baseOptions ?? new VOneBlockOptions()) with
        {
            ImageSize = imageSize,
            VisualDegrees = imageSize / ReferencePixelsPerDegree,
            KernelSize = kernel,
            Stride = stride,
            InputChannels = inputChannels,
        };
    }
}
