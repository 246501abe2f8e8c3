namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// Single-neuron tuning-curve measures of the Marques et al. (2021) benchmarks (Brain-Score
/// <c>properties_common.py</c>), on one neuron's curve at a time. Orientations are in degrees on a uniform grid over
/// [0, 180); spatial frequencies in cycles/degree; radii in degrees.
/// </summary>
public static class TuningCurves
{
    /// <summary>The reference's "smooth" filter, <c>[0, .2, 1, .2, 0]</c>.</summary>
    public static IReadOnlyList<double> SmoothFilter { get; } = [0, 0.2, 1, 0.2, 0];

    /// <summary>The reference's "hanning" filter, <c>[0, .4, 1, .4, 0]</c>.</summary>
    public static IReadOnlyList<double> HanningFilter { get; } = [0, 0.4, 1, 0.4, 0];

    /// <summary>
    /// Circular variance <c>1 − |Σ r e^{2iθ}| / Σ |r|</c> (Ringach et al. 2002): 0 for a neuron responding to one
    /// orientation only, 1 for a flat curve. NaN when all responses are 0.
    /// </summary>
    /// <param name="curve">Responses per orientation.</param>
    /// <param name="orientations">Orientations, degrees.</param>
    public static double CircularVariance(IReadOnlyList<double> curve, IReadOnlyList<double> orientations)
    {
        Check(curve, orientations);
        double re = 0, im = 0, total = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            double angle = 2 * orientations[i] * Math.PI / 180;
            re += curve[i] * Math.Cos(angle);
            im += curve[i] * Math.Sin(angle);
            total += Math.Abs(curve[i]);
        }

        return 1 - (Math.Sqrt((re * re) + (im * im)) / total);
    }

    /// <summary>
    /// Orientation tuning from the curve tiled over three periods, filtered with <paramref name="filter"/>, interpolated
    /// by a cubic spline at 1° steps: the preferred orientation (argmax over 0..179°, degrees) and the full width
    /// between the nearest points on either side at or below <paramref name="threshold"/> × peak (NaN when a side does
    /// not cross or the width exceeds 180°).
    /// </summary>
    /// <param name="curve">Responses per orientation (at least 4, uniformly spaced over [0, 180)).</param>
    /// <param name="orientations">Orientations, degrees.</param>
    /// <param name="filter">5-tap smoothing filter (normalised here), or null for none.</param>
    /// <param name="threshold">Fraction of the peak: 0.5 (De Valois) or 0.707 (Ringach).</param>
    public static (double PreferredOrientation, double Bandwidth) OrientationTuning(IReadOnlyList<double> curve, IReadOnlyList<double> orientations, IReadOnlyList<double>? filter, double threshold)
    {
        Check(curve, orientations);
        int n = curve.Count;
        var xs = new double[3 * n];
        var ys = new double[3 * n];
        for (int k = 0; k < 3; k++)
        {
            for (int i = 0; i < n; i++)
            {
                xs[(k * n) + i] = orientations[i] + (180 * (k - 1));
                ys[(k * n) + i] = curve[i];
            }
        }

        if (filter is not null)
        {
            ys = ConvolveSame(ys, filter);
        }

        var spline = new InterpolatingSpline(xs, ys);
        var full = new double[540];
        for (int d = 0; d < 540; d++)
        {
            full[d] = spline.Evaluate(d - 180);
        }

        int pref = 0;
        for (int d = 1; d < 180; d++)
        {
            if (full[d + 180] > full[pref + 180])
            {
                pref = d;
            }
        }

        double limit = full[pref + 180] * threshold;
        int lower = -1, upper = -1;
        for (int d = pref + 179; d >= 0; d--)
        {
            if (full[d] <= limit)
            {
                lower = d;
                break;
            }
        }

        for (int d = pref + 181; d < 540; d++)
        {
            if (full[d] <= limit)
            {
                upper = d;
                break;
            }
        }

        double width = lower < 0 || upper < 0 ? double.NaN : upper - lower;
        return (pref, width > 180 ? double.NaN : width);
    }

    /// <summary>
    /// Orthogonal/preferred ratio: the response 90° from the largest sampled response divided by it (Ringach 2002).
    /// </summary>
    /// <param name="curve">Responses per orientation (an even count over [0, 180)).</param>
    public static double OrthogonalPreferredRatio(IReadOnlyList<double> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int pref = ArgMax(curve);
        return curve[(pref + (curve.Count / 2)) % curve.Count] / curve[pref];
    }

    /// <summary>
    /// Spatial-frequency tuning: the curve, edge-padded by two and filtered with <paramref name="filter"/>, is
    /// interpolated by a cubic spline over log2 frequency at 100 points; the peak frequency is 2^argmax, and the
    /// bandwidth <c>100 · f_low / f_high</c> uses the nearest points on either side at or below
    /// <paramref name="threshold"/> × peak (NaN when a side does not cross).
    /// </summary>
    /// <param name="curve">Responses per frequency (at least 4).</param>
    /// <param name="frequencies">Increasing frequencies, cycles/degree.</param>
    /// <param name="filter">5-tap smoothing filter (normalised here), or null for none.</param>
    /// <param name="threshold">Fraction of the peak (reference 0.707).</param>
    public static (double PeakFrequency, double Bandwidth) SpatialFrequencyTuning(IReadOnlyList<double> curve, IReadOnlyList<double> frequencies, IReadOnlyList<double>? filter, double threshold = 0.707)
    {
        Check(curve, frequencies);
        int n = curve.Count;
        var logs = frequencies.Select(Math.Log2).ToArray();
        double[] values = curve.ToArray();
        if (filter is not null)
        {
            var padded = new double[n + 4];
            padded[0] = padded[1] = curve[0];
            padded[^1] = padded[^2] = curve[n - 1];
            for (int i = 0; i < n; i++)
            {
                padded[i + 2] = curve[i];
            }

            values = ConvolveSame(padded, filter)[2..^2];
        }

        var spline = new InterpolatingSpline(logs, values);
        const int points = 100;
        var grid = new double[points];
        var full = new double[points];
        for (int i = 0; i < points; i++)
        {
            grid[i] = logs[0] + ((logs[^1] - logs[0]) * i / (points - 1));
            full[i] = spline.Evaluate(grid[i]);
        }

        int pref = ArgMax(full);
        double limit = full[pref] * threshold;
        double low = double.NaN, high = double.NaN;
        for (int i = pref - 1; i >= 0; i--)
        {
            if (full[i] <= limit)
            {
                low = grid[i];
                break;
            }
        }

        for (int i = pref + 1; i < points; i++)
        {
            if (full[i] <= limit)
            {
                high = grid[i];
                break;
            }
        }

        return (Math.Pow(2, grid[pref]), Math.Pow(2, low) / Math.Pow(2, high) * 100);
    }

    /// <summary>
    /// Size tuning (Cavanaugh et al. 2002): surround suppression index <c>(peak − last) / peak</c>; when the peak is
    /// positive and the index above 0.1, the grating summation field (diameter of the first radius reaching 95% of the
    /// peak) and the surround diameter (diameter of the first radius beyond the peak at or below
    /// <c>last + 5% |last|</c>), otherwise NaN for both.
    /// </summary>
    /// <param name="curve">Responses per radius.</param>
    /// <param name="radii">Increasing radii, degrees.</param>
    public static (double SuppressionIndex, double SummationField, double SurroundDiameter) SizeTuning(IReadOnlyList<double> curve, IReadOnlyList<double> radii)
    {
        Check(curve, radii);
        int pref = ArgMax(curve);
        double peak = curve[pref];
        double plateau = curve[^1];
        double ssi = (peak - plateau) / peak;
        if (!(peak > 0 && ssi > 0.1))
        {
            return (ssi, double.NaN, double.NaN);
        }

        double gsf = double.NaN, surround = double.NaN;
        for (int i = 0; i < curve.Count; i++)
        {
            if (curve[i] >= peak * 0.95)
            {
                gsf = 2 * radii[i];
                break;
            }
        }

        double limit = plateau + (0.05 * Math.Abs(plateau));
        for (int i = pref + 1; i < curve.Count; i++)
        {
            if (curve[i] <= limit)
            {
                surround = 2 * radii[i];
                break;
            }
        }

        return (ssi, gsf, surround);
    }

    /// <summary>Index of the first largest value (NaN never wins).</summary>
    /// <param name="values">The values.</param>
    internal static int ArgMax(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best] || double.IsNaN(values[best]))
            {
                best = i;
            }
        }

        return best;
    }

    // numpy.convolve(w / w.sum(), x, mode='same') with zero padding; the filters here are symmetric.
    private static double[] ConvolveSame(double[] values, IReadOnlyList<double> filter)
    {
        double sum = filter.Sum();
        int half = filter.Count / 2;
        var output = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double acc = 0;
            for (int k = 0; k < filter.Count; k++)
            {
                int j = i + half - k;
                if (j >= 0 && j < values.Length)
                {
                    acc += filter[k] / sum * values[j];
                }
            }

            output[i] = acc;
        }

        return output;
    }

    private static void Check(IReadOnlyList<double> curve, IReadOnlyList<double> axis)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(axis);
        if (curve.Count != axis.Count || curve.Count < 4)
        {
            throw new ArgumentException($"A tuning curve needs at least 4 points and one per axis value (got {curve.Count} values for {axis.Count} axis points).");
        }
    }
}
