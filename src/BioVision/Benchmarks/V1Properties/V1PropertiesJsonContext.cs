using System.Text.Json.Serialization;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>Source-generated JSON for <see cref="V1PropertiesResult"/> (NaN written as "NaN").</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(V1PropertiesResult))]
[JsonSerializable(typeof(V1PropertiesOptions))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
public sealed partial class V1PropertiesJsonContext : JsonSerializerContext;
