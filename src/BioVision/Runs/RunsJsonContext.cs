using System.Text.Json.Serialization;

namespace BioVision.Runs;

/// <summary>Source-generated JSON metadata of the run store's manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunManifest))]
public sealed partial class RunsJsonContext : JsonSerializerContext;
