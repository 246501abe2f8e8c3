using System.Text.Json.Serialization;

namespace BioVision.Runs;

/// <summary>Source-generated JSON metadata of the run store's manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(RunManifest))]
public sealed partial class RunsJsonContext : JsonSerializerContext;
