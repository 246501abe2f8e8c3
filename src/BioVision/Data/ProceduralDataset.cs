namespace BioVision.Data;

/// <summary>
/// A built-in dataset that needs no files: grayscale images of oriented gratings, textures and shapes in ten classes
/// (<see cref="ProceduralPattern"/>), with random frequency, phase, contrast, position, size and pixel noise drawn
/// from a seed. The same options always give the same bytes. It is the default dataset of <c>biovision train</c>.
/// </summary>
public static class ProceduralDataset
{
    /// <summary>Generates the dataset. Labels cycle through the classes so every class is equally represented.</summary>
    /// <param name="options">Size, count, seed and noise.</param>
    public static InMemoryImageDataset Generate(ProceduralDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Size, 8);
        int s = options.Size;
        var pixels = new byte[options.Count * s * s];
        var labels = new int[options.Count];
        var classes = Enum.GetNames<ProceduralPattern>();
        for (int i = 0; i < options.Count; i++)
        {
            labels[i] = i % classes.Length;
            var rng = new SplitMix64(SplitMix64.Mix(options.Seed, i));
            Render((ProceduralPattern)labels[i], rng, s, options.NoiseStandardDeviation, pixels.AsSpan(i * s * s, s * s));
        }

        return new InMemoryImageDataset(pixels, labels, new ImageShape(1, s, s), classes);
    }

    private static void Render(ProceduralPattern pattern, SplitMix64 rng, int size, double noise, Span<byte> target)
    {
        double contrast = rng.Uniform(0.3, 1.0);
        double background = rng.Uniform(0.3, 0.7);
        double cx = (size - 1) / 2.0 + rng.Uniform(-size / 8.0, size / 8.0);
        double cy = (size - 1) / 2.0 + rng.Uniform(-size / 8.0, size / 8.0);
        double cycles = rng.Uniform(2.5, 5.0);
        double frequency = cycles / size;
        double phase = rng.Uniform(0, 2 * Math.PI);
        double radius = rng.Uniform(size / 6.0, size / 3.0);
        double polarity = rng.NextDouble() < 0.5 ? -1 : 1;
        double jitter = rng.Uniform(-10, 10) * Math.PI / 180;
        ulong dotSeed = rng.NextUInt64();
        var dots = pattern == ProceduralPattern.Dots ? DotField(new SplitMix64(dotSeed), size) : null;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double dx = x - cx, dy = y - cy;
                double v = pattern switch
                {
                    ProceduralPattern.Grating0 or ProceduralPattern.Grating45 or ProceduralPattern.Grating90 or ProceduralPattern.Grating135 =>
                        Grating(dx, dy, (((int)pattern * 45 * Math.PI) / 180) + jitter, frequency, phase),
                    ProceduralPattern.Checkerboard =>
                        Math.Sign(Math.Sin((2 * Math.PI * frequency * dx) + phase)) * Math.Sign(Math.Sin((2 * Math.PI * frequency * dy) + phase)),
                    ProceduralPattern.Rings => Math.Sin((2 * Math.PI * frequency * Math.Sqrt((dx * dx) + (dy * dy))) + phase),
                    ProceduralPattern.Disk => polarity * Edge(radius - Math.Sqrt((dx * dx) + (dy * dy))),
                    ProceduralPattern.SquareOutline => polarity * Edge(1.5 - Math.Abs(Math.Max(Math.Abs(dx), Math.Abs(dy)) - radius)),
                    ProceduralPattern.Cross => polarity * Edge(Math.Max(
                        Math.Min(1.8 - Math.Abs(dx), radius - Math.Abs(dy)),
                        Math.Min(1.8 - Math.Abs(dy), radius - Math.Abs(dx)))),
                    _ => dots![(y * size) + x],
                };
                double value = background + (0.5 * contrast * v) + (noise * rng.NextGaussian());
                target[(y * size) + x] = (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
            }
        }
    }

    private static double Grating(double dx, double dy, double orientation, double frequency, double phase) =>
        Math.Sin((2 * Math.PI * frequency * ((dx * Math.Cos(orientation)) + (dy * Math.Sin(orientation)))) + phase);

    private static double Edge(double signedDistance) => Math.Clamp(signedDistance + 0.5, 0, 1) * 2 - 1;

    private static double[] DotField(SplitMix64 rng, int size)
    {
        var field = new double[size * size];
        Array.Fill(field, -1.0);
        int count = (size * size) / 12;
        for (int k = 0; k < count; k++)
        {
            int x = rng.NextInt(size), y = rng.NextInt(size);
            field[(y * size) + x] = 1.0;
        }

        return field;
    }
}
