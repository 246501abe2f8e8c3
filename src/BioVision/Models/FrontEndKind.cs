namespace BioVision.Models;

/// <summary>
/// The biologically inspired front end of a model (<see cref="ModelSpec.FrontEnd"/>), each with the name prefix
/// <see cref="FrontEnds.Prefix"/> gives it ("VOne-SmallCnn", "EV-ResNet50", ...). Every kind is built by
/// <see cref="ModelFactory.Create"/> from its own documented defaults; <see cref="ModelSpec.VOneBlock"/> overrides them.
/// </summary>
public enum FrontEndKind
{
    /// <summary>The VOneBlock of Dapello et al. 2020: fixed Gabor quadrature pairs sampled from macaque V1, simple and complex cells, Poisson-like noise.</summary>
    VOne,

    /// <summary>
    /// The VOneBlock with divisive normalisation of its cells by the pooled activity of their neighbours (Heeger 1992):
    /// surround and cross-orientation suppression (<see cref="V1.DivisiveNormalizationOptions"/> defaults).
    /// </summary>
    NormalizedVOne,

    /// <summary>
    /// EVNet (Piper, Oliveira &amp; Marques 2025): a subcortical block (retina and LGN: light adaptation, P and M
    /// difference-of-Gaussians pathways, contrast normalisation, noise) in front of a VOneBlock with EVNet's settings
    /// (kernel 31 at 224 px over 7°, sf_max 8, noise scale 1 and level 0, k_exc 5.3, Fano factor 0.93, Gabors reading the
    /// colour-opponent channels). State-dict names follow the reference's <c>subcorticalblock</c>, <c>voneblock</c>,
    /// <c>voneblock_bottleneck</c> and <c>model</c>.
    /// </summary>
    EVNet,

    /// <summary>Control: the VOneBlock's filters as the initial value of a trainable first layer (a "learned V1"); the rest as <see cref="VOne"/>.</summary>
    LearnedV1,

    /// <summary>Control: fixed random filters, as many and as strong as the VOneBlock's Gabors; the rest as <see cref="VOne"/>.</summary>
    RandomV1,
}

/// <summary>Names of the front ends.</summary>
public static class FrontEnds
{
    /// <summary>The model-name prefix of a front end, with its trailing hyphen ("VOne-", "VOneDN-", "EV-", "LearnedV1-", "RandomV1-").</summary>
    /// <param name="kind">The front end.</param>
    public static string Prefix(FrontEndKind kind) => kind switch
    {
        FrontEndKind.VOne => "VOne-",
        FrontEndKind.NormalizedVOne => "VOneDN-",
        FrontEndKind.EVNet => "EV-",
        FrontEndKind.LearnedV1 => "LearnedV1-",
        FrontEndKind.RandomV1 => "RandomV1-",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown front end."),
    };

    /// <summary>Parses a front-end name as a user types it: the enum name (case-insensitive) or its prefix without the hyphen ("VOneDN", "EV").</summary>
    /// <param name="text">The name.</param>
    /// <exception cref="DataFormatException">Not a known front end; the message lists them.</exception>
    public static FrontEndKind Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var kind in Enum.GetValues<FrontEndKind>())
        {
            if (string.Equals(text, kind.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(text, Prefix(kind).TrimEnd('-'), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new DataFormatException($"'{text}' is not a known front end ({string.Join(", ", Enum.GetValues<FrontEndKind>().Select(k => $"{k} ({Prefix(k).TrimEnd('-')})"))}).");
    }
}
