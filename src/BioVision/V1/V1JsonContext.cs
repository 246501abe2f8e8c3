using System.Text.Json.Serialization;

namespace BioVision.V1;

/// <summary>
/// Source-generated JSON metadata for <see cref="V1Parameters"/>, so saving and loading work without reflection
/// (file-based <c>dotnet run file.cs</c> apps and trimmed apps).
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = JsonPolicy.WriteIndented, PropertyNamingPolicy = JsonPolicy.PropertyNaming, UseStringEnumConverter = JsonPolicy.UseStringEnumConverter, NumberHandling = JsonPolicy.NumberHandling, PropertyNameCaseInsensitive = JsonPolicy.PropertyNameCaseInsensitive)]
[JsonSerializable(typeof(V1Parameters))]
internal sealed partial class V1JsonContext : JsonSerializerContext;
