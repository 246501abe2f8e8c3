using BioVision.Serialization;
using System.Text.Json.Serialization;

namespace BioVision.Interop;

/// <summary>Source-generated JSON for the interop results (<see cref="ImportSummary"/>, <see cref="StateDictLoadReport"/>).</summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(ImportSummary))]
[JsonSerializable(typeof(StateDictLoadReport))]
public sealed partial class InteropJsonContext : JsonSerializerContext;
