namespace BioVision.Robustness.Evaluation;

/// <summary>
/// The VOneNet eps grids (Piper, Oliveira and Marques 2025, the Marques lab's re-implementation of Dapello et al. 2020):
/// nine values per norm, a factor 2 apart, for 224×224×3 ImageNet images. For other image sizes the L2 grid is scaled
/// by √(d/150528) and the L1 grid by d/150528 (d = C·H·W), which keeps the per-pixel perturbation of a uniform
/// perturbation the same; the Linf grid is size-free.
/// </summary>
public static class EpsilonGrid
{
    /// <summary>Pixels of a 224×224×3 image, the grid's reference dimension.</summary>
    public const int ReferenceDimension = 224 * 224 * 3;

    /// <summary>Linf: 1/4080, 1/2040, 1/1020, 1/510, 1/255, 2/255, 4/255, 8/255, 16/255.</summary>
    public static IReadOnlyList<double> Linf { get; } = [1.0 / 4080, 1.0 / 2040, 1.0 / 1020, 1.0 / 510, 1.0 / 255, 2.0 / 255, 4.0 / 255, 8.0 / 255, 16.0 / 255];

    /// <summary>L2 at 224 px: 0.0375 … 9.6.</summary>
    public static IReadOnlyList<double> L2 { get; } = [0.0375, 0.075, 0.15, 0.3, 0.6, 1.2, 2.4, 4.8, 9.6];

    /// <summary>L1 at 224 px: 10 … 2560.</summary>
    public static IReadOnlyList<double> L1 { get; } = [10, 20, 40, 80, 160, 320, 640, 1280, 2560];

    /// <summary>The grid of <paramref name="norm"/> for images of <paramref name="dimension"/> values.</summary>
    /// <param name="norm">The norm.</param>
    /// <param name="dimension">C·H·W of the images.</param>
    /// <param name="indices">Which of the nine strengths (null: all).</param>
    public static IReadOnlyList<double> For(ThreatNorm norm, int dimension, IReadOnlyList<int>? indices = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        double ratio = dimension / (double)ReferenceDimension;
        var grid = norm switch
        {
            ThreatNorm.Linf => Linf,
            ThreatNorm.L2 => L2.Select(e => e * Math.Sqrt(ratio)).ToArray(),
            ThreatNorm.L1 => L1.Select(e => e * ratio).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm."),
        };
        return indices is null ? grid : indices.Select(i => grid[i]).ToArray();
    }
}
