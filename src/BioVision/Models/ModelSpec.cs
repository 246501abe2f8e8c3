using System.Text.Json.Serialization;
using BioVision.V1;

namespace BioVision.Models;

/// <summary>
/// What network to train: a backbone, optionally behind the VOne front end, sized for the dataset.
/// <see cref="ModelFactory.Create"/> turns it into a module.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>The backbone. Default <see cref="BackboneKind.SmallCnn"/>.</summary>
    public BackboneKind Backbone { get; init; } = BackboneKind.SmallCnn;

    /// <summary>
    /// Whether a biologically inspired front end (of kind <see cref="FrontEnd"/>; by default the VOne block: Gabor filter
    /// bank, simple/complex cells, noise) precedes the backbone. Default false.
    /// </summary>
    public bool VOne { get; init; }

    /// <summary>
    /// Which front end precedes the backbone when <see cref="VOne"/> is true (default <see cref="FrontEndKind.VOne"/>).
    /// Not written to JSON when it is the default, so specs written before the front-end zoo keep their fingerprints.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public FrontEndKind FrontEnd { get; init; }

    /// <summary>Number of output classes. Default 10.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Channels of the input images. Default 1.</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Height and width of the (square) input images. Default 28.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>
    /// Width of <see cref="BackboneKind.SmallCnn"/>: channels of its first stage, with or without the V1 front end (a VOne
    /// SmallCnn gets a bottleneck of this width and, by default, <c>Width</c> simple + <c>Width</c> complex V1 channels). Default 32.
    /// </summary>
    public int Width { get; init; } = 32;

    /// <summary>
    /// The V1 block of a VOne model (<see cref="VOne"/> true). Null: the scaled front end for <see cref="ImageSize"/> and
    /// <see cref="InputChannels"/> (<see cref="ScaledFrontEnd.ForImageSize"/>) with the reference's noise, and, for a
    /// <see cref="BackboneKind.SmallCnn"/>, <see cref="Width"/> + <see cref="Width"/> channels to match its size.
    /// </summary>
    public VOneBlockOptions? VOneBlock { get; init; }

    /// <summary>
    /// The subcortical block of an <see cref="FrontEndKind.EVNet"/> model. Null (the default, not written to JSON): EVNet's
    /// standard variant scaled to <see cref="ImageSize"/> and <see cref="InputChannels"/> (<see cref="EVNetOptions.ForImageSize"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BioVision.Subcortical.SubcorticalBlockOptions? Subcortical { get; init; }

    /// <summary>The spec of a model for <paramref name="dataset"/>: classes, input channels and image size come from it.</summary>
    /// <param name="dataset">The training images.</param>
    /// <param name="backbone">The backbone.</param>
    /// <param name="vone">Whether the V1 front end goes before the backbone.</param>
    /// <param name="width">Width of a <see cref="BackboneKind.SmallCnn"/>.</param>
    public static ModelSpec ForDataset(BioVision.Data.IImageDataset dataset, BackboneKind backbone, bool vone, int width)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new ModelSpec
        {
            Backbone = backbone,
            VOne = vone,
            Classes = dataset.Classes.Count,
            InputChannels = dataset.Shape.Channels,
            ImageSize = dataset.Shape.Height,
            Width = width,
        };
    }

    /// <summary>A short name such as <c>SmallCnn</c>, <c>VOne-ResNet18</c> or <c>EV-SmallCnn</c> (<see cref="FrontEnds.Prefix"/>).</summary>
    public string Name => VOne ? FrontEnds.Prefix(FrontEnd) + Backbone : Backbone.ToString();

    /// <summary>
    /// The inverse of <see cref="Name"/>: <paramref name="baseSpec"/> with the backbone and front end a model name gives
    /// ("ResNet18", "VOne-SmallCnn"); the one place such names are parsed.
    /// </summary>
    /// <param name="name">A <see cref="Name"/>.</param>
    /// <param name="baseSpec">The rest of the spec (size, width, classes).</param>
    /// <exception cref="DataFormatException">Not a known model name.</exception>
    public static ModelSpec FromName(string name, ModelSpec baseSpec)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(baseSpec);
        FrontEndKind? frontEnd = null;
        foreach (var candidate in Enum.GetValues<FrontEndKind>())
        {
            if (name.StartsWith(FrontEnds.Prefix(candidate), StringComparison.Ordinal))
            {
                frontEnd = candidate;
            }
        }

        string backbone = frontEnd is { } f ? name[FrontEnds.Prefix(f).Length..] : name;
        if (!Enum.TryParse<BackboneKind>(backbone, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            throw new DataFormatException(
                $"'{name}' is not a known model ({string.Join(", ", Enum.GetNames<BackboneKind>())}, each optionally with a front-end prefix: " +
                $"{string.Join(", ", Enum.GetValues<FrontEndKind>().Select(FrontEnds.Prefix))}).");
        }

        return baseSpec with { Backbone = kind, VOne = frontEnd is not null, FrontEnd = frontEnd ?? FrontEndKind.VOne };
    }
}
