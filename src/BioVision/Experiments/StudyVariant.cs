using BioVision.Models;
using BioVision.V1;

namespace BioVision.Experiments;

/// <summary>
/// One model variant of the reproduction study: what differs from the family's baseline. Every variant of a family
/// shares the backbone, its width and the training recipe, so differences between variants
/// are due only to the fields here.
/// </summary>
public sealed record StudyVariant
{
    /// <summary>Short identifier, used in file names and plots (lower case, digits and dashes).</summary>
    public required string Name { get; init; }

    /// <summary>One-line description for reports.</summary>
    public required string Description { get; init; }

    /// <summary>True for a VOne front end (scaled to the image size) before the backbone.</summary>
    public bool VOne { get; init; }

    /// <summary>
    /// Which front end a <see cref="VOne"/> variant has (default <see cref="FrontEndKind.VOne"/>; not written to JSON when
    /// it is the default, so study stores written before the front-end zoo keep their fingerprints).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public FrontEndKind FrontEnd { get; init; }

    /// <summary>Simple-cell channels of the V1 block (null: the scaled front end's default).</summary>
    public int? SimpleChannels { get; init; }

    /// <summary>Complex-cell channels of the V1 block (null: the scaled front end's default).</summary>
    public int? ComplexChannels { get; init; }

    /// <summary>Noise of the V1 block.</summary>
    public NoiseMode Noise { get; init; } = NoiseMode.Neuronal;

    /// <summary>Scale of the V1 block's noise (the reference's 0.35 by default).</summary>
    public double NoiseScale { get; init; } = 0.35;

    /// <summary>Adversarial training.</summary>
    public StudyAdversarialTraining Adversarial { get; init; }

    /// <summary>Rotation-invariance augmentation: random 90 and 180 degree rotations, each with probability 1/2 (Berrios &amp; Deza 2022).</summary>
    public bool Rotation { get; init; }

    /// <summary>Checks the variant.</summary>
    /// <exception cref="ArgumentException">Invalid name, channel counts or noise scale.</exception>
    public StudyVariant Validate()
    {
        if (string.IsNullOrEmpty(Name) || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Variant name '{Name}' must be non-empty lower-case letters, digits and dashes.");
        }

        if (SimpleChannels < 0 || ComplexChannels < 0 || (SimpleChannels ?? 1) + (ComplexChannels ?? 1) == 0)
        {
            throw new ArgumentException($"Variant '{Name}' needs a positive number of V1 channels.");
        }

        if (!(NoiseScale > 0) || !double.IsFinite(NoiseScale))
        {
            throw new ArgumentException($"Variant '{Name}' needs a positive, finite noise scale (got {NoiseScale}).");
        }

        if (!VOne && FrontEnd != FrontEndKind.VOne)
        {
            throw new ArgumentException($"Variant '{Name}' names the {FrontEnd} front end but has none (set VOne).");
        }

        if (!Enum.IsDefined(FrontEnd))
        {
            throw new ArgumentException($"Variant '{Name}' has an unknown front end {FrontEnd}.");
        }

        if (!VOne && (SimpleChannels is not null || ComplexChannels is not null))
        {
            throw new ArgumentException($"Variant '{Name}' sets V1 channels without a V1 front end.");
        }

        return this;
    }
}
