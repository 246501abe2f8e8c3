using System.Globalization;

namespace BioVision.Experiments;

/// <summary>
/// Difference of a measure's mean between a variant and a reference variant (variant − reference), with a percentile
/// bootstrap interval over seeds (seeds of each variant resampled independently).
/// </summary>
/// <param name="Variant">The variant.</param>
/// <param name="Reference">The reference variant (usually the baseline).</param>
/// <param name="Measure">Measure name.</param>
/// <param name="Difference">Mean of the variant minus mean of the reference.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="Seeds">Seeds per variant (the smaller of the two counts); with one seed the interval is a single point and says nothing about seed variability.</param>
public sealed record VariantContrast(string Variant, string Reference, string Measure, double Difference, double Low, double High, int Seeds)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Variant} - {Reference} on {Measure}: {Difference:+0.000;-0.000;0.000} [{Low:+0.000;-0.000;0.000}, {High:+0.000;-0.000;0.000}] ({Seeds} seed(s))");
}
