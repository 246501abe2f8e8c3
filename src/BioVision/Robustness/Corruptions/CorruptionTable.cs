namespace BioVision.Robustness.Corruptions;

/// <summary>
/// The corruption parameters of the three published generators (hendrycks/robustness at 8190fe3, reproduced as data;
/// see <c>corruption_params.json</c> in the shared reference folder). Tuples keep the generators' order. Size-relative
/// entries: elastic_transform is stored as multiples of the image side (the CIFAR/Tiny <c>IMSIZE</c>; ImageNet's
/// <c>244·k</c> is scaled by side/224); zoom_blur as (start, stop, step) of <c>np.arange</c>.
/// </summary>
public static class CorruptionTable
{
    private static readonly Dictionary<(CorruptionParameterSet, CorruptionKind), double[][]> Table = Build();

    /// <summary>The table for images of side <paramref name="side"/>: CIFAR-10-C up to 48 px, Tiny-ImageNet-C up to 144 px, ImageNet-C above.</summary>
    /// <param name="side">The larger image side in pixels.</param>
    public static CorruptionParameterSet ForSize(int side)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        return side <= 48 ? CorruptionParameterSet.Cifar10C : side <= 144 ? CorruptionParameterSet.TinyImageNetC : CorruptionParameterSet.ImageNetC;
    }

    /// <summary>The parameters of one corruption at one severity.</summary>
    /// <param name="set">The table.</param>
    /// <param name="kind">The corruption.</param>
    /// <param name="severity">1 to 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">Severity outside 1..5.</exception>
    public static IReadOnlyList<double> Parameters(CorruptionParameterSet set, CorruptionKind kind, int severity)
    {
        if (severity < 1 || severity > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "Corruption severity must be 1 to 5.");
        }

        return Table[(set, kind)][severity - 1];
    }

    /// <summary>The reference's snake_case name of a corruption (e.g. <c>gaussian_noise</c>).</summary>
    /// <param name="kind">The corruption.</param>
    public static string ReferenceName(CorruptionKind kind) => kind switch
    {
        CorruptionKind.GaussianNoise => "gaussian_noise",
        CorruptionKind.ShotNoise => "shot_noise",
        CorruptionKind.ImpulseNoise => "impulse_noise",
        CorruptionKind.DefocusBlur => "defocus_blur",
        CorruptionKind.GlassBlur => "glass_blur",
        CorruptionKind.MotionBlur => "motion_blur",
        CorruptionKind.ZoomBlur => "zoom_blur",
        CorruptionKind.Snow => "snow",
        CorruptionKind.Frost => "frost",
        CorruptionKind.Fog => "fog",
        CorruptionKind.Brightness => "brightness",
        CorruptionKind.Contrast => "contrast",
        CorruptionKind.ElasticTransform => "elastic_transform",
        CorruptionKind.Pixelate => "pixelate",
        CorruptionKind.JpegCompression => "jpeg_compression",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown corruption."),
    };

    /// <summary>Parses a corruption name (snake_case, kebab-case or the enum name, case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">Unknown corruption (lists the valid names).</exception>
    public static CorruptionKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            if (string.Equals(kind.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new ArgumentException($"Unknown corruption '{name}': expected one of {string.Join(", ", Enum.GetValues<CorruptionKind>().Select(ReferenceName))}.", nameof(name));
    }

    private static double[][] S(params double[] values) => values.Select(v => new[] { v }).ToArray();

    private static Dictionary<(CorruptionParameterSet, CorruptionKind), double[][]> Build()
    {
        var c = CorruptionParameterSet.Cifar10C;
        var t = CorruptionParameterSet.TinyImageNetC;
        var i = CorruptionParameterSet.ImageNetC;
        double[][] zoomSmall = [[1, 1.06, 0.01], [1, 1.11, 0.01], [1, 1.16, 0.01], [1, 1.21, 0.01], [1, 1.26, 0.01]];
        return new()
        {
            [(c, CorruptionKind.GaussianNoise)] = S(0.04, 0.06, 0.08, 0.09, 0.10),
            [(c, CorruptionKind.ShotNoise)] = S(500, 250, 100, 75, 50),
            [(c, CorruptionKind.ImpulseNoise)] = S(0.01, 0.02, 0.03, 0.05, 0.07),
            [(c, CorruptionKind.DefocusBlur)] = [[0.3, 0.4], [0.4, 0.5], [0.5, 0.6], [1, 0.2], [1.5, 0.1]],
            [(c, CorruptionKind.GlassBlur)] = [[0.05, 1, 1], [0.25, 1, 1], [0.4, 1, 1], [0.25, 1, 2], [0.4, 1, 2]],
            [(c, CorruptionKind.MotionBlur)] = [[6, 1], [6, 1.5], [6, 2], [8, 2], [9, 2.5]],
            [(c, CorruptionKind.ZoomBlur)] = zoomSmall,
            [(c, CorruptionKind.Snow)] = [[0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.5, 10, 4, 0.9], [0.15, 0.3, 1.75, 0.55, 10, 4, 0.9], [0.25, 0.3, 2.25, 0.6, 12, 6, 0.85], [0.3, 0.3, 1.25, 0.65, 14, 12, 0.8]],
            [(c, CorruptionKind.Frost)] = [[1, 0.2], [1, 0.3], [0.9, 0.4], [0.85, 0.4], [0.75, 0.45]],
            [(c, CorruptionKind.Fog)] = [[0.2, 3], [0.5, 3], [0.75, 2.5], [1, 2], [1.5, 1.75]],
            [(c, CorruptionKind.Brightness)] = S(0.05, 0.1, 0.15, 0.2, 0.3),
            [(c, CorruptionKind.Contrast)] = S(0.75, 0.5, 0.4, 0.3, 0.15),
            [(c, CorruptionKind.ElasticTransform)] = [[0, 0, 0.08], [0.05, 0.2, 0.07], [0.08, 0.06, 0.06], [0.1, 0.04, 0.05], [0.1, 0.03, 0.03]],
            [(c, CorruptionKind.Pixelate)] = S(0.95, 0.9, 0.85, 0.75, 0.65),
            [(c, CorruptionKind.JpegCompression)] = S(80, 65, 58, 50, 40),

            [(t, CorruptionKind.GaussianNoise)] = S(0.04, 0.08, 0.12, 0.15, 0.18),
            [(t, CorruptionKind.ShotNoise)] = S(250, 100, 50, 30, 15),
            [(t, CorruptionKind.ImpulseNoise)] = S(0.01, 0.02, 0.05, 0.08, 0.14),
            [(t, CorruptionKind.DefocusBlur)] = [[0.5, 0.6], [1, 0.1], [1.5, 0.1], [2.5, 0.01], [3, 0.1]],
            [(t, CorruptionKind.GlassBlur)] = [[0.1, 1, 1], [0.5, 1, 1], [0.6, 1, 2], [0.7, 2, 1], [0.9, 2, 2]],
            [(t, CorruptionKind.MotionBlur)] = [[10, 1], [10, 1.5], [10, 2], [10, 2.5], [12, 3]],
            [(t, CorruptionKind.ZoomBlur)] = zoomSmall,
            [(t, CorruptionKind.Snow)] = [[0.1, 0.2, 1, 0.6, 8, 3, 0.8], [0.1, 0.2, 1, 0.5, 10, 4, 0.8], [0.15, 0.3, 1.75, 0.55, 10, 4, 0.7], [0.25, 0.3, 2.25, 0.6, 12, 6, 0.65], [0.3, 0.3, 1.25, 0.65, 14, 12, 0.6]],
            [(t, CorruptionKind.Frost)] = [[1, 0.3], [0.9, 0.4], [0.8, 0.45], [0.75, 0.5], [0.7, 0.55]],
            [(t, CorruptionKind.Fog)] = [[0.4, 3], [0.7, 3], [1, 2.5], [1.5, 2], [2, 1.75]],
            [(t, CorruptionKind.Brightness)] = S(0.1, 0.2, 0.3, 0.4, 0.5),
            [(t, CorruptionKind.Contrast)] = S(0.4, 0.3, 0.2, 0.1, 0.05),
            [(t, CorruptionKind.ElasticTransform)] = [[0, 0, 0.08], [0.05, 0.3, 0.06], [0.1, 0.08, 0.06], [0.1, 0.03, 0.03], [0.16, 0.03, 0.02]],
            [(t, CorruptionKind.Pixelate)] = S(0.9, 0.8, 0.7, 0.6, 0.5),
            [(t, CorruptionKind.JpegCompression)] = S(65, 58, 50, 40, 25),

            [(i, CorruptionKind.GaussianNoise)] = S(0.08, 0.12, 0.18, 0.26, 0.38),
            [(i, CorruptionKind.ShotNoise)] = S(60, 25, 12, 5, 3),
            [(i, CorruptionKind.ImpulseNoise)] = S(0.03, 0.06, 0.09, 0.17, 0.27),
            [(i, CorruptionKind.DefocusBlur)] = [[3, 0.1], [4, 0.5], [6, 0.5], [8, 0.5], [10, 0.5]],
            [(i, CorruptionKind.GlassBlur)] = [[0.7, 1, 2], [0.9, 2, 1], [1, 2, 3], [1.1, 3, 2], [1.5, 4, 2]],
            [(i, CorruptionKind.MotionBlur)] = [[10, 3], [15, 5], [15, 8], [15, 12], [20, 15]],
            [(i, CorruptionKind.ZoomBlur)] = [[1, 1.11, 0.01], [1, 1.16, 0.01], [1, 1.21, 0.02], [1, 1.26, 0.02], [1, 1.31, 0.03]],
            [(i, CorruptionKind.Snow)] = [[0.1, 0.3, 3, 0.5, 10, 4, 0.8], [0.2, 0.3, 2, 0.5, 12, 4, 0.7], [0.55, 0.3, 4, 0.9, 12, 8, 0.7], [0.55, 0.3, 4.5, 0.85, 12, 8, 0.65], [0.55, 0.3, 2.5, 0.85, 12, 12, 0.55]],
            [(i, CorruptionKind.Frost)] = [[1, 0.4], [0.8, 0.6], [0.7, 0.7], [0.65, 0.7], [0.6, 0.75]],
            [(i, CorruptionKind.Fog)] = [[1.5, 2], [2, 2], [2.5, 1.7], [2.5, 1.5], [3, 1.4]],
            [(i, CorruptionKind.Brightness)] = S(0.1, 0.2, 0.3, 0.4, 0.5),
            [(i, CorruptionKind.Contrast)] = S(0.4, 0.3, 0.2, 0.1, 0.05),
            [(i, CorruptionKind.ElasticTransform)] = [[244 * 2.0 / 224, 244 * 0.7 / 224, 244 * 0.1 / 224], [244 * 2.0 / 224, 244 * 0.08 / 224, 244 * 0.2 / 224], [244 * 0.05 / 224, 244 * 0.01 / 224, 244 * 0.02 / 224], [244 * 0.07 / 224, 244 * 0.01 / 224, 244 * 0.02 / 224], [244 * 0.12 / 224, 244 * 0.01 / 224, 244 * 0.02 / 224]],
            [(i, CorruptionKind.Pixelate)] = S(0.6, 0.5, 0.4, 0.3, 0.25),
            [(i, CorruptionKind.JpegCompression)] = S(25, 18, 15, 10, 7),
        };
    }
}
