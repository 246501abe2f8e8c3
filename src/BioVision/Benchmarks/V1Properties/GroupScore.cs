namespace BioVision.Benchmarks.V1Properties;

/// <summary>The mean ceiled score of the properties of one parent group (e.g. <c>V1-spatial_frequency</c>).</summary>
/// <param name="Group">The group.</param>
/// <param name="Score">Mean of its properties' ceiled scores.</param>
public sealed record GroupScore(string Group, double Score);
