namespace BioVision.Plotting;

/// <summary>
/// One named curve: y against x (e.g. accuracy against attack strength ε), optionally with an interval per point
/// (e.g. a 95 % Wilson interval), which <see cref="CurvePlot"/> draws as a translucent band in the curve's colour.
/// </summary>
/// <param name="Name">Legend entry.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
/// <param name="Lower">Lower end of each point's interval, or null for no band (NaN leaves a gap).</param>
/// <param name="Upper">Upper end of each point's interval; given exactly when <paramref name="Lower"/> is.</param>
public sealed record CurveSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Lower = null, IReadOnlyList<double>? Upper = null)
{
    /// <summary>Whether the curve carries an interval band.</summary>
    public bool HasBand => Lower is not null && Upper is not null;

    /// <summary>Checks that the lengths agree and the band is an interval around each point.</summary>
    /// <exception cref="ArgumentException">Lengths differ, only one band edge is given, or a lower end exceeds its upper end.</exception>
    public void Validate()
    {
        if (X.Count != Y.Count)
        {
            throw new ArgumentException($"Curve '{Name}' has {X.Count} x values but {Y.Count} y values.");
        }

        if ((Lower is null) != (Upper is null))
        {
            throw new ArgumentException($"Curve '{Name}' has only one edge of its interval band; give both Lower and Upper, or neither.");
        }

        if (Lower is not null && (Lower.Count != Y.Count || Upper!.Count != Y.Count))
        {
            throw new ArgumentException($"Curve '{Name}' has {Y.Count} points but {Lower.Count} lower and {Upper!.Count} upper interval ends.");
        }

        for (int i = 0; Lower is not null && i < Lower.Count; i++)
        {
            if (Lower[i] > Upper![i])
            {
                throw new ArgumentException($"Curve '{Name}', point {i}: the interval [{Lower[i]}, {Upper[i]}] is not an interval.");
            }
        }
    }
}
