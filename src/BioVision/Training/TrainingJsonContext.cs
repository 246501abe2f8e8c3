using BioVision.Models;
using System.Text.Json.Serialization;

namespace BioVision.Training;

/// <summary>
/// Source-generated JSON metadata for the training results and checkpoints, so they serialise without reflection
/// (file-based <c>dotnet run file.cs</c> apps and trimmed apps disable reflection-based System.Text.Json).
/// NaN (no test set) is written as the string <c>"NaN"</c>.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(CheckpointState))]
[JsonSerializable(typeof(List<EpochMetrics>))]
[JsonSerializable(typeof(IReadOnlyList<EpochMetrics>))]
[JsonSerializable(typeof(TrainingRecipe))]
[JsonSerializable(typeof(ModelSpec))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;
