using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Robustness.Corruptions;

/// <summary>
/// Image filters the corruptions share, on batched tensors [N, C, H, W]. Hand-written because they must follow the
/// reference generators' kernels (skimage's truncated Gaussian, OpenCV's anti-aliased disk, ImageMagick's one-sided
/// motion kernel, the diamond-square plasma), which no .NET library reproduces on tensors.
/// </summary>
/// <remarks>
/// The resamplers here (<see cref="PilBoxResize"/>, <see cref="PilNearestResize"/>, <see cref="Zoom"/>,
/// <see cref="ClippedZoom"/>) are parts of corruptions: they emulate what the generators of the released CIFAR-10-C /
/// ImageNet-C data did (PIL's 8-bit BOX and NEAREST resize for pixelate, scipy's zoom), rounding included, so that the
/// corrupted pixels match those datasets. They are not a way to bring an image to a model's input size — that is
/// <see cref="BioVision.Data.Transforms.ImageResize"/>, the one model-input resize — and stay internal to the corruption module
/// (an architecture test checks that nothing outside it calls them).
/// </remarks>
internal static class Filters
{
    /// <summary>
    /// Separable Gaussian blur as skimage's <c>gaussian</c> (scipy's <c>gaussian_filter</c>): radius
    /// <c>int(truncate·σ + 0.5)</c>, borders <c>nearest</c> (edge repeated) or, with <paramref name="reflect"/>, scipy's
    /// <c>reflect</c> (half-sample symmetric, d c b a | a b c d | d c b a, repeated for radii beyond the image).
    /// </summary>
    public static Tensor GaussianBlur(Tensor x, double sigma, double truncate = 4, bool reflect = false)
    {
        int radius = (int)((truncate * sigma) + 0.5);
        if (sigma <= 0 || radius < 1)
        {
            return x.clone();
        }

        var weights = new double[(2 * radius) + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++)
        {
            total += weights[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] /= total;
        }

        long c = x.shape[1];
        var k = tensor(weights, dtype: x.dtype, device: x.device);
        var horizontal = k.view(1, 1, 1, -1).expand(c, 1, 1, weights.Length);
        var vertical = k.view(1, 1, -1, 1).expand(c, 1, weights.Length, 1);
        var y = nn.functional.conv2d(PadAxis(x, 3, radius, reflect), horizontal, groups: c);
        return nn.functional.conv2d(PadAxis(y, 2, radius, reflect), vertical, groups: c);
    }

    // Extends one axis by `radius` on both sides with scipy's 'nearest' or 'reflect' rule (any radius).
    private static Tensor PadAxis(Tensor x, int dim, int radius, bool reflect)
    {
        long n = x.shape[dim];
        var index = new long[n + (2 * radius)];
        for (long k = 0; k < index.Length; k++)
        {
            long i = k - radius;
            if (reflect)
            {
                long m = ((i % (2 * n)) + (2 * n)) % (2 * n);
                index[k] = m < n ? m : (2 * n) - 1 - m;
            }
            else
            {
                index[k] = Math.Clamp(i, 0, n - 1);
            }
        }

        return x.index_select(dim, tensor(index, dtype: ScalarType.Int64, device: x.device));
    }

    /// <summary>Depthwise correlation of every channel with one 2-D kernel [k, k] (odd k), reflect-101 borders (OpenCV's default).</summary>
    public static Tensor Filter2D(Tensor x, Tensor kernel)
    {
        long c = x.shape[1];
        int r = (int)(kernel.shape[0] / 2);
        var mode = r < x.shape[2] && r < x.shape[3] ? PaddingModes.Reflect : PaddingModes.Replicate;
        var padded = nn.functional.pad(x, [r, r, r, r], mode);
        return nn.functional.conv2d(padded, kernel.to(x.dtype).to(x.device).view(1, 1, kernel.shape[0], kernel.shape[1]).expand(c, 1, kernel.shape[0], kernel.shape[1]), groups: c);
    }

    /// <summary>The reference's anti-aliased disk: an indicator of radius r on a 17×17 grid (or 2r+1 above r = 8), normalised, then Gaussian-blurred (3×3, or 5×5 above r = 8).</summary>
    public static Tensor Disk(double radius, double aliasBlur)
    {
        int half = radius <= 8 ? 8 : (int)radius;
        int size = (2 * half) + 1;
        int ksize = radius <= 8 ? 3 : 5;
        var disk = new double[size, size];
        double total = 0;
        for (int y = -half; y <= half; y++)
        {
            for (int x = -half; x <= half; x++)
            {
                double v = (x * x) + (y * y) <= radius * radius ? 1 : 0;
                disk[y + half, x + half] = v;
                total += v;
            }
        }

        // cv2.GaussianBlur with an explicit sigma: a normalised separable kernel of ksize taps, reflect-101 borders.
        int kr = ksize / 2;
        var g = new double[ksize];
        double gs = 0;
        for (int i = -kr; i <= kr; i++)
        {
            gs += g[i + kr] = Math.Exp(-(i * i) / (2 * aliasBlur * aliasBlur));
        }

        var tmp = new double[size, size];
        var result = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double s = 0;
                for (int i = -kr; i <= kr; i++)
                {
                    s += g[i + kr] / gs * disk[y, Reflect101(x + i, size)] / total;
                }

                tmp[y, x] = s;
            }
        }

        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double s = 0;
                for (int i = -kr; i <= kr; i++)
                {
                    s += g[i + kr] / gs * tmp[Reflect101(y + i, size), x];
                }

                result[(y * size) + x] = (float)s;
            }
        }

        return tensor(result, new long[] { size, size });
    }

    /// <summary>
    /// ImageMagick's motion blur (<c>MotionBlurImage</c>): width = 2⌈radius⌉ + 1 taps with weights
    /// <c>exp(−i²/2σ²)</c> (i = 0 … width − 1, normalised) at offsets <c>round(i·(cos θ, sin θ))</c>, one-sided, edge
    /// pixels repeated. One angle per image (degrees), applied as a grouped convolution.
    /// </summary>
    public static Tensor MotionBlur(Tensor x, double radius, double sigma, IReadOnlyList<double> anglesDegrees)
    {
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        int width = (2 * (int)Math.Ceiling(radius)) + 1;
        int half = width - 1;
        int k = (2 * half) + 1;
        var kernels = new float[n * k * k];
        var weights = new double[width];
        double total = 0;
        for (int i = 0; i < width; i++)
        {
            total += weights[i] = Math.Exp(-(double)(i * i) / (2 * sigma * sigma));
        }

        for (int b = 0; b < n; b++)
        {
            double theta = anglesDegrees[b] * Math.PI / 180;
            for (int i = 0; i < width; i++)
            {
                int dx = (int)Math.Ceiling((i * Math.Cos(theta)) - 0.5);
                int dy = (int)Math.Ceiling((i * Math.Sin(theta)) - 0.5);
                kernels[(b * k * k) + ((dy + half) * k) + dx + half] += (float)(weights[i] / total);
            }
        }

        var weight = tensor(kernels, new long[] { n, 1, k, k }, dtype: x.dtype, device: x.device).repeat_interleave(c, 0);
        var padded = nn.functional.pad(x.reshape(1, n * c, h, w), [half, half, half, half], PaddingModes.Replicate);
        return nn.functional.conv2d(padded, weight, groups: n * c).view(n, c, h, w);
    }

    /// <summary>Centre zoom by factors z ≥ 1 (the reference's <c>clipped_zoom</c>), bilinear, one factor per image.</summary>
    public static Tensor Zoom(Tensor x, Tensor factors)
    {
        long n = x.shape[0];
        var inverse = factors.to(x.dtype).reciprocal();
        var zero = zeros_like(inverse);
        var theta = stack([inverse, zero, zero, zero, inverse, zero], 1).view(n, 2, 3);
        var grid = nn.functional.affine_grid(theta, x.shape, align_corners: false);
        return nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>
    /// The generators' <c>clipped_zoom</c> by factor z ≥ 1, one factor for the batch: per axis of length n, crop the
    /// central c = ⌈n/z⌉ pixels (from ⌊(n − c)/2⌋), magnify them with scipy's order-1 <c>zoom</c> to m = round(c·z)
    /// pixels (round half to even, corners aligned: output j samples input j·(c − 1)/(m − 1)), and keep m's pixels from
    /// ⌊(m − n)/2⌋. Applied as one interpolation matrix per axis.
    /// </summary>
    public static Tensor ClippedZoom(Tensor x, double factor)
    {
        var rows = tensor(ClippedZoomMatrix(x.shape[2], factor), new long[] { x.shape[2], x.shape[2] }, dtype: x.dtype, device: x.device);
        var cols = x.shape[3] == x.shape[2] ? rows : tensor(ClippedZoomMatrix(x.shape[3], factor), new long[] { x.shape[3], x.shape[3] }, dtype: x.dtype, device: x.device);
        return rows.matmul(x).matmul(cols.t());
    }

    /// <summary>The [n, n] matrix of <see cref="ClippedZoom"/> along one axis, row-major (row = output pixel).</summary>
    internal static double[] ClippedZoomMatrix(long n, double factor)
    {
        long crop = (long)Math.Ceiling(n / factor);
        long top = (n - crop) / 2;
        long zoomed = (long)Math.Round(crop * factor, MidpointRounding.ToEven);
        long trim = (zoomed - n) / 2;
        double scale = zoomed > 1 ? (double)(crop - 1) / (zoomed - 1) : 0;
        var m = new double[n * n];
        for (long i = 0; i < n; i++)
        {
            double coordinate = (i + trim) * scale;
            long low = (long)Math.Floor(coordinate);
            double t = coordinate - low;
            low = Math.Clamp(low, 0, crop - 1);
            m[(i * n) + top + low] += 1 - t;
            if (t > 0 && low + 1 < crop)
            {
                m[(i * n) + top + low + 1] += t;
            }
        }

        return m;
    }

    /// <summary>
    /// PIL's <c>resize(..., BOX)</c> of uint8 levels [N, C, H, W] (values 0–255) to [outH, outW]: the horizontal pass
    /// first, then the vertical, each rounded half up to an integer as Pillow's 8-bit resampler does. BOX weights are 1
    /// for every source pixel whose centre lies in (centre − s/2, centre + s/2] of the output pixel (s = max(scale, 1)),
    /// normalised; Pillow evaluates them at pixel centres, so they are not fractional. Pixelate's reproduction of the
    /// released data only; a model-input resize is <see cref="BioVision.Data.Transforms.ImageResize"/>.
    /// </summary>
    public static Tensor PilBoxResize(Tensor levels, long outH, long outW)
    {
        long h = levels.shape[2], w = levels.shape[3];
        var y = levels;
        if (outW != w)
        {
            var (sums, counts) = PilBoxMatrix(w, outW);
            y = y.matmul(tensor(sums, new long[] { outW, w }, dtype: levels.dtype, device: levels.device).t())
                .div(tensor(counts, dtype: levels.dtype, device: levels.device)).add(0.5).floor();
        }

        if (outH != h)
        {
            var (sums, counts) = PilBoxMatrix(h, outH);
            y = tensor(sums, new long[] { outH, h }, dtype: levels.dtype, device: levels.device).matmul(y)
                .div(tensor(counts, dtype: levels.dtype, device: levels.device).view(-1, 1)).add(0.5).floor();
        }

        return y.clamp(0, 255);
    }

    /// <summary>
    /// PIL's <c>resize(..., NEAREST)</c> to [outH, outW]: source index ⌊x⌋ of x = s/2 + k·s accumulated by repeated
    /// addition in double precision (Pillow's affine scaler), which is why it differs from BOX at exact ties.
    /// Pixelate's reproduction of the released data only; a model-input resize is <see cref="BioVision.Data.Transforms.ImageResize"/>.
    /// </summary>
    public static Tensor PilNearestResize(Tensor levels, long outH, long outW)
    {
        var rows = tensor(PilNearestIndices(levels.shape[2], outH), dtype: ScalarType.Int64, device: levels.device);
        var cols = tensor(PilNearestIndices(levels.shape[3], outW), dtype: ScalarType.Int64, device: levels.device);
        return levels.index_select(2, rows).index_select(3, cols);
    }

    /// <summary>Pillow's BOX coefficients for one axis (<c>precompute_coeffs</c>) as 0/1 taps [out, in] and their count per output pixel.</summary>
    internal static (double[] Taps, double[] Counts) PilBoxMatrix(long inSize, long outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = 0.5 * filterScale;
        var taps = new double[outSize * inSize];
        var counts = new double[outSize];
        for (long o = 0; o < outSize; o++)
        {
            double centre = (o + 0.5) * scale;
            long min = Math.Max((long)(centre - support + 0.5), 0);
            long max = Math.Min((long)(centre + support + 0.5), inSize);
            for (long i = min; i < max; i++)
            {
                double t = (i - centre + 0.5) / filterScale;
                if (t > -0.5 && t <= 0.5)
                {
                    taps[(o * inSize) + i] = 1;
                    counts[o]++;
                }
            }
        }

        return (taps, counts);
    }

    private static long[] PilNearestIndices(long inSize, long outSize)
    {
        double step = (double)inSize / outSize;
        double position = step * 0.5;
        var indices = new long[outSize];
        for (long o = 0; o < outSize; o++)
        {
            indices[o] = Math.Clamp((long)position, 0, inSize - 1);
            position += step;
        }

        return indices;
    }

    /// <summary>
    /// The reference's <c>plasma_fractal</c> (diamond-square, wibble starting at 100 and divided by the decay each
    /// level, the reference's <c>wibble·U(−wibble, wibble)</c> jitter), normalised to [0, 1]; one map per image [N, m, m].
    /// </summary>
    public static Tensor Plasma(long n, int mapSize, double decay, Generator generator, Device device)
    {
        var map = zeros(new long[] { n, mapSize, mapSize }, dtype: ScalarType.Float64, device: device);
        int step = mapSize;
        double wibble = 100;
        var all = TensorIndex.Colon;
        Tensor Jitter(Tensor like) => (rand(like.shape, dtype: ScalarType.Float64, device: device, generator: generator) * 2 - 1) * wibble * wibble;
        while (step >= 2)
        {
            int h = step / 2;
            var corners = map.index(all, TensorIndex.Slice(0, null, step), TensorIndex.Slice(0, null, step));
            var squares = corners + corners.roll(-1, 1);
            squares = squares + squares.roll(-1, 2);
            map.index_put_((squares / 4) + Jitter(squares), all, TensorIndex.Slice(h, null, step), TensorIndex.Slice(h, null, step));
            var dr = map.index(all, TensorIndex.Slice(h, null, step), TensorIndex.Slice(h, null, step));
            var ul = map.index(all, TensorIndex.Slice(0, null, step), TensorIndex.Slice(0, null, step));
            var lt = dr + dr.roll(1, 1) + ul + ul.roll(-1, 2);
            map.index_put_((lt / 4) + Jitter(lt), all, TensorIndex.Slice(0, null, step), TensorIndex.Slice(h, null, step));
            var tt = dr + dr.roll(1, 2) + ul + ul.roll(-1, 1);
            map.index_put_((tt / 4) + Jitter(tt), all, TensorIndex.Slice(h, null, step), TensorIndex.Slice(0, null, step));
            step /= 2;
            wibble /= decay;
        }

        var flat = map.view(n, -1);
        flat = flat - flat.amin([1], keepdim: true);
        flat = flat / flat.amax([1], keepdim: true).clamp_min(1e-12);
        return flat.view(n, mapSize, mapSize).to(ScalarType.Float32);
    }

    /// <summary>Luminance (ITU-R 601, OpenCV's RGB2GRAY) [N, 1, H, W]; a one-channel image is its own luminance.</summary>
    public static Tensor Gray(Tensor x) => x.shape[1] == 1
        ? x.clone()
        : ((x.narrow(1, 0, 1) * 0.299) + (x.narrow(1, 1, 1) * 0.587) + (x.narrow(1, 2, 1) * 0.114));

    private static int Reflect101(int i, int size) => i < 0 ? -i : i >= size ? (2 * size) - i - 2 : i;
}
