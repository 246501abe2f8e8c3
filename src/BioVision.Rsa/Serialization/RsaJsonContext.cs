using System.Text.Json.Serialization;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Serialization;

/// <summary>
/// Source-generated System.Text.Json context for the RSA data types and results (works in trimmed and file-based
/// apps without reflection). Indented, camelCase property names, enums as strings, NaN and ±∞ written as the strings
/// "NaN", "Infinity" and "-Infinity" (JSON has no literal for them), names read case-insensitively: BioVision's one JSON
/// policy (<c>BioVision.JsonPolicy</c>, spelled out here because this assembly must not depend on BioVision).
/// </summary>
/// <example><code>string json = JsonSerializer.Serialize(rdms, RsaJsonContext.Default.Rdms);</code></example>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Rdms))]
[JsonSerializable(typeof(Dataset))]
[JsonSerializable(typeof(EvaluationResult))]
[JsonSerializable(typeof(NoiseCeiling))]
[JsonSerializable(typeof(RdmsDocument))]
[JsonSerializable(typeof(DatasetDocument))]
[JsonSerializable(typeof(EvaluationResultDocument))]
public sealed partial class RsaJsonContext : JsonSerializerContext;
