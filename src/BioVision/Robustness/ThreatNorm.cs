namespace BioVision.Robustness;

/// <summary>The norm of a threat model's perturbation ball, measured in [0, 1] pixel space.</summary>
public enum ThreatNorm
{
    /// <summary>L-infinity: every pixel moves by at most eps.</summary>
    Linf,

    /// <summary>L2: the Euclidean length of the perturbation is at most eps.</summary>
    L2,

    /// <summary>L1: the sum of absolute pixel changes is at most eps.</summary>
    L1,
}
