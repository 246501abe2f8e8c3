using System.Text.Json.Serialization;
using BioVision.Robustness.Corruptions;

namespace BioVision.Robustness.Evaluation;

/// <summary>Source-generated JSON metadata of the robustness records (works in trimmed and file-based apps).</summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(RobustnessReport))]
[JsonSerializable(typeof(AttackResult))]
[JsonSerializable(typeof(RobustnessOptions))]
[JsonSerializable(typeof(AttackRole))]
[JsonSerializable(typeof(CorruptionResult))]
[JsonSerializable(typeof(SanityCheck))]
[JsonSerializable(typeof(RobustAccuracy))]
[JsonSerializable(typeof(GradientHealth))]
public sealed partial class RobustnessJsonContext : JsonSerializerContext;
