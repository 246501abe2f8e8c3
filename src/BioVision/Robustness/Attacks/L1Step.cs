namespace BioVision.Robustness.Attacks;

/// <summary>The ascent step of L1 PGD.</summary>
public enum L1Step
{
    /// <summary>
    /// SLIDE (Tramèr and Boneh 2019): sign of the gradient on the coordinates at or above the
    /// <see cref="Pgd.SparseQuantile"/> of |g|, after zeroing coordinates at a box bound whose gradient points outward,
    /// normalised to unit L1 norm; then the exact L1-ball projection. The strong L1 attack.
    /// </summary>
    Sparse,

    /// <summary>
    /// The dense step <c>g/‖g‖₁</c> with a radial rescale instead of a projection, as ART 1.5 does in the VOneNet
    /// authors' script. Weak (it spreads the budget over every pixel); only for reproducing their numbers.
    /// </summary>
    DenseReproduction,
}
