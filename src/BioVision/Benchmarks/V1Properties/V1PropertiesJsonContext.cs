using System.Text.Json.Serialization;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>Source-generated JSON for <see cref="V1PropertiesResult"/> (NaN written as "NaN").</summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(V1PropertiesResult))]
[JsonSerializable(typeof(V1PropertiesOptions))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
public sealed partial class V1PropertiesJsonContext : JsonSerializerContext;
