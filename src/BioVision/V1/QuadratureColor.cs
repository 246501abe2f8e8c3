namespace BioVision.V1;

/// <summary>How the colour channel of each quadrature filter pair is chosen.</summary>
public enum QuadratureColor
{
    /// <summary>
    /// Reference behaviour (default, faithful): the q0 and q1 filters of a complex cell draw their colour channels
    /// independently, so about two thirds of complex cells combine two different colours and are not true
    /// quadrature pairs.
    /// </summary>
    Independent,

    /// <summary>Fix: q1 reads the same colour channel as q0, so every complex cell is a true phase-invariant energy unit.</summary>
    Shared,
}
