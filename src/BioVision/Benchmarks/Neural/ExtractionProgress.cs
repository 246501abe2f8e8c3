namespace BioVision.Benchmarks.Neural;

/// <summary>Progress of an activation extraction.</summary>
/// <param name="Images">Images done.</param>
/// <param name="Total">Images in the stimulus set.</param>
public sealed record ExtractionProgress(int Images, int Total);
