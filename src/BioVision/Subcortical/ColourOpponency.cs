namespace BioVision.Subcortical;

/// <summary>
/// The colour opponency of a subcortical channel's difference of Gaussians: which colour channels feed its centre and
/// which its surround (the reference's <c>color_mapping</c> in <c>evnet/params.py</c>). The surround weights are further
/// multiplied by the pathway's <see cref="SubcorticalCellParameters.SurroundRatio"/> (negative: an opposing surround).
/// </summary>
public enum ColourOpponency
{
    /// <summary>Red centre, green surround (reference <c>'r/g'</c>): centre (1, 0, 0), surround (0, 1, 0).</summary>
    RedGreen,

    /// <summary>Green centre, red surround (reference <c>'g/r'</c>): centre (0, 1, 0), surround (1, 0, 0).</summary>
    GreenRed,

    /// <summary>Blue centre, yellow surround (reference <c>'b/y'</c>): centre (0, 0, 1), surround (½, ½, 0).</summary>
    BlueYellow,

    /// <summary>Luminance centre and surround (reference <c>'w/b'</c>, the M cells'): centre and surround (⅓, ⅓, ⅓).</summary>
    WhiteBlack,
}
