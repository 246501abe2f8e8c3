namespace BioVision.V1;

/// <summary>Which units divide a unit's response in <see cref="DivisiveNormalizationOptions"/>.</summary>
public enum NormalizationPool
{
    /// <summary>
    /// Every channel (the untuned normalisation pool of Heeger 1992 and Carandini &amp; Heeger 2012, the default): the
    /// pool at a position is the spatially weighted mean over all simple and complex channels, so a unit is suppressed
    /// by its surround (surround suppression) and by other orientations at its own position (cross-orientation suppression).
    /// </summary>
    AllChannels,

    /// <summary>Only the unit's own channel (tuned pool): surround suppression without cross-orientation suppression.</summary>
    SameChannel,
}
