using System.Text.Json.Serialization;

namespace BioVision.Benchmarks.Neural;

/// <summary>Source-generated JSON metadata for the neural benchmark results (works in trimmed and file-based apps).</summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(NeuralBenchmarkResult))]
[JsonSerializable(typeof(RegionResult))]
[JsonSerializable(typeof(DatasetScores))]
[JsonSerializable(typeof(LayerScore))]
public sealed partial class NeuralBenchmarkJsonContext : JsonSerializerContext;
