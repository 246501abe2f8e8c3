using BioVision.Serialization;
using System.Text.Json.Serialization;

namespace BioVision.Interop;

/// <summary>Source-generated JSON for the interop results (<see cref="ImportSummary"/>, <see cref="StateDictLoadReport"/>).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ImportSummary))]
[JsonSerializable(typeof(StateDictLoadReport))]
public sealed partial class InteropJsonContext : JsonSerializerContext;
