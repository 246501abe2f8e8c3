namespace BioVision.Subcortical;

/// <summary>The two pathways of the <see cref="SubcorticalBlock"/>, each with its own tuned cell parameters and filters.</summary>
public enum RetinalPathway
{
    /// <summary>Parvocellular (P) cells: small, colour-opponent receptive fields (the reference's first convolution).</summary>
    Parvocellular,

    /// <summary>Magnocellular (M) cells: larger, luminance receptive fields (the reference's second convolution).</summary>
    Magnocellular,
}
