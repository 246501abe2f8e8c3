using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.V1;

/// <summary>
/// The Gabor function VOneNet places in its filter bank, defined exactly as the reference
/// (<c>vonenet.utils.gabor_kernel</c>): for a kernel of size <c>k</c>, offsets run over the grid centred on the kernel,
/// <c>x</c> being the <b>row</b> offset and <c>y</c> the column offset;
/// <c>x' = x cos θ + y sin θ</c>, <c>y' = −x sin θ + y cos θ</c>, and
/// <c>g = exp(−½(x'²/σx² + y'²/σy²)) / (2π σx σy) · cos(2π f x' + φ)</c>.
/// The Gaussian is normalised by <c>2π σx σy</c> and no DC component is removed.
/// </summary>
/// <remarks>
/// The reference builds the kernel in float32 arithmetic; here every value is computed in float64 and rounded once
/// to float32, which agrees with the reference to within a few float32 ulps (the reference's own float32 kernels
/// differ from a float64 evaluation by up to 7e-9). For odd sizes the grid is <c>−w..w</c> with <c>w = k/2</c>, as
/// in the reference. The reference cannot build even sizes (it returns a <c>(k+1)²</c> kernel that its filter bank
/// then fails to store); here an even size uses the half-integer grid <c>i − (k−1)/2</c>, so the kernel is centred
/// between the four middle pixels.
/// </remarks>
public static class GaborKernel
{
    /// <summary>Evaluates the Gabor kernel as a row-major <c>k × k</c> float32 array (<c>[row * k + column]</c>).</summary>
    /// <param name="frequency">Spatial frequency in cycles per pixel.</param>
    /// <param name="sigmaX">Gaussian standard deviation along the carrier direction, in pixels.</param>
    /// <param name="sigmaY">Gaussian standard deviation across the carrier, in pixels.</param>
    /// <param name="theta">Orientation in radians.</param>
    /// <param name="offset">Phase in radians.</param>
    /// <param name="kernelSize">Side length in pixels (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1, a non-positive or non-finite sigma, or a non-finite frequency, angle or phase.</exception>
    public static float[] Evaluate(double frequency, double sigmaX, double sigmaY, double theta, double offset, int kernelSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        if (!(sigmaX > 0) || !double.IsFinite(sigmaX))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaX), sigmaX, "The Gabor sigma_x must be positive and finite.");
        }

        if (!(sigmaY > 0) || !double.IsFinite(sigmaY))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaY), sigmaY, "The Gabor sigma_y must be positive and finite.");
        }

        if (!double.IsFinite(frequency) || !double.IsFinite(theta) || !double.IsFinite(offset))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), "The Gabor frequency, theta and offset must be finite.");
        }

        double centre = (kernelSize - 1) / 2.0;
        double cos = Math.Cos(theta);
        double sin = Math.Sin(theta);
        double norm = 2 * Math.PI * sigmaX * sigmaY;
        var kernel = new float[kernelSize * kernelSize];
        for (int r = 0; r < kernelSize; r++)
        {
            double x = r - centre;
            for (int c = 0; c < kernelSize; c++)
            {
                double y = c - centre;
                double rotX = (x * cos) + (y * sin);
                double rotY = (-x * sin) + (y * cos);
                double envelope = Math.Exp(-0.5 * ((rotX * rotX / (sigmaX * sigmaX)) + (rotY * rotY / (sigmaY * sigmaY)))) / norm;
                kernel[(r * kernelSize) + c] = (float)(envelope * Math.Cos((2 * Math.PI * frequency * rotX) + offset));
            }
        }

        return kernel;
    }

    /// <summary>The kernel as a float32 tensor of shape <c>[k, k]</c> on <paramref name="device"/>.</summary>
    /// <param name="frequency">Spatial frequency in cycles per pixel.</param>
    /// <param name="sigmaX">Gaussian standard deviation along the carrier direction, in pixels.</param>
    /// <param name="sigmaY">Gaussian standard deviation across the carrier, in pixels.</param>
    /// <param name="theta">Orientation in radians.</param>
    /// <param name="offset">Phase in radians.</param>
    /// <param name="kernelSize">Side length in pixels.</param>
    /// <param name="device">Target device (CPU when null).</param>
    public static Tensor ToTensor(double frequency, double sigmaX, double sigmaY, double theta, double offset, int kernelSize, Device? device = null)
    {
        float[] values = Evaluate(frequency, sigmaX, sigmaY, theta, offset, kernelSize);
        return torch.tensor(values, new long[] { kernelSize, kernelSize }, ScalarType.Float32, device ?? CPU);
    }
}
