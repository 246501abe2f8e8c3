namespace BioVision.Benchmarks.V1Properties;

/// <summary>Progress of a V1 property measurement, counted in image presentations (trials included).</summary>
/// <param name="Stage">The stimulus set being shown (or <c>scoring</c>).</param>
/// <param name="Done">Presentations done.</param>
/// <param name="Total">Presentations in the whole run.</param>
public readonly record struct V1PropertiesProgress(string Stage, long Done, long Total);
