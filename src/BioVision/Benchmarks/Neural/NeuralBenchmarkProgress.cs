namespace BioVision.Benchmarks.Neural;

/// <summary>Progress of a neural benchmark run.</summary>
/// <param name="Stage">What is running (e.g. <c>extract 92 images</c>, <c>V4 PLS</c>).</param>
/// <param name="Done">Units done within the stage.</param>
/// <param name="Total">Units in the stage.</param>
public sealed record NeuralBenchmarkProgress(string Stage, int Done, int Total);
