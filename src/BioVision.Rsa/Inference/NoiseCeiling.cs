using System.Globalization;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Lower and upper bound of the noise ceiling: the performance a perfect model could reach given the between-subject
/// variability. Lower: each subject (group) compared with the pooled RDM of the others; upper: with the pooled RDM of all.
/// </summary>
/// <param name="Lower">Mean over left-out groups of the similarity to the pooled RDM of the other groups.</param>
/// <param name="Upper">Mean over left-out groups of the similarity to the pooled RDM of all groups (overfits: an upper bound).</param>
public sealed record NoiseCeiling(double Lower, double Upper)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"noise ceiling [{Lower:F4}, {Upper:F4}]");
}
