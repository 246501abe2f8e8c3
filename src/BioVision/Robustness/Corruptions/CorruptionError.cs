namespace BioVision.Robustness.Corruptions;

/// <summary>One corruption's errors and its (relative) corruption error against the baseline.</summary>
/// <param name="Corruption">Reference name.</param>
/// <param name="Errors">Top-1 error per evaluated severity, in severity order.</param>
/// <param name="MeanError">Mean of <see cref="Errors"/> (the raw, unnormalised corruption error).</param>
/// <param name="CorruptionErrorValue">CE = Σ_s E_s / Σ_s E^baseline_s (×100 in tables), or null without a baseline.</param>
/// <param name="RelativeCorruptionError">Relative CE = Σ_s (E_s − E_clean) / Σ_s (E^b_s − E^b_clean), or null.</param>
public sealed record CorruptionError(string Corruption, IReadOnlyList<double> Errors, double MeanError, double? CorruptionErrorValue, double? RelativeCorruptionError);
