using System.Text.Json.Serialization;

namespace BioVision.Benchmarks.Neural;

/// <summary>Source-generated JSON metadata for the neural benchmark results (works in trimmed and file-based apps).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NeuralBenchmarkResult))]
[JsonSerializable(typeof(RegionResult))]
[JsonSerializable(typeof(DatasetScores))]
[JsonSerializable(typeof(LayerScore))]
public sealed partial class NeuralBenchmarkJsonContext : JsonSerializerContext;
