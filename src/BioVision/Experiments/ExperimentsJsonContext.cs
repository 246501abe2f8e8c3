using System.Text.Json.Serialization;

namespace BioVision.Experiments;

/// <summary>
/// Source-generated JSON metadata of the study's records (no reflection, so the study also runs in file-based apps and
/// trimmed programs). NaN and infinities are written as named literals: an undefined correlation stays NaN.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(StudyPlan))]
[JsonSerializable(typeof(StudyAnalysis))]
[JsonSerializable(typeof(ModelMeasures))]
[JsonSerializable(typeof(StageResult))]
[JsonSerializable(typeof(StudyDefinition))]
[JsonSerializable(typeof(StudyReport))]
public sealed partial class ExperimentsJsonContext : JsonSerializerContext;
