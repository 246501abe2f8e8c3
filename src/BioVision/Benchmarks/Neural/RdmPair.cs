namespace BioVision.Benchmarks.Neural;

/// <summary>A model RDM beside the brain RDM it was compared with (condensed upper triangles, row-major), for figures.</summary>
/// <param name="Region">Region (e.g. <c>IT (human)</c>).</param>
/// <param name="Layer">The model layer.</param>
/// <param name="Brain">The brain data (e.g. mean of the Kriegeskorte human IT RDMs).</param>
/// <param name="Model">The layer's RDM (1 − Pearson r).</param>
/// <param name="Data">The brain RDM (mean over subjects).</param>
public sealed record RdmPair(string Region, string Layer, string Brain, IReadOnlyList<double> Model, IReadOnlyList<double> Data);
