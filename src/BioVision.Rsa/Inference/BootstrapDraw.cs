namespace BioVision.Rsa.Inference;

/// <summary>
/// One bootstrap draw: resampled data-RDM group values (e.g. subject indices) and/or resampled condition indices.
/// Null means that factor is not resampled.
/// </summary>
/// <param name="RdmIndices">Resampled values of the grouping descriptor, as indices into the data RDM groups; or null.</param>
/// <param name="PatternIndices">Resampled condition indices (repeats allowed); or null.</param>
public sealed record BootstrapDraw(IReadOnlyList<int>? RdmIndices, IReadOnlyList<int>? PatternIndices);
