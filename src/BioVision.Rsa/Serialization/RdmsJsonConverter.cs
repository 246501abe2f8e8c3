using System.Text.Json;
using System.Text.Json.Serialization;

namespace BioVision.Rsa.Serialization;

/// <summary>Reads and writes <see cref="Rdms"/> as an <see cref="RdmsDocument"/>.</summary>
public sealed class RdmsJsonConverter : JsonConverter<Rdms>
{
    /// <inheritdoc/>
    public override Rdms Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var doc = JsonSerializer.Deserialize(ref reader, RsaJsonContext.Default.RdmsDocument) ?? throw new JsonException("Expected an RDM collection, got null.");
        if (doc.Vectors is null || doc.Vectors.Length == 0)
        {
            throw new JsonException("An RDM collection needs at least one vector.");
        }

        var descriptors = (doc.Descriptors ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
        try
        {
            var rdms = Rdms.FromVectors(doc.Vectors, doc.DissimilarityMeasure ?? "unknown", descriptors);
            if (rdms.Conditions != doc.Conditions)
            {
                throw new JsonException($"The vectors describe {rdms.Conditions} conditions, the document says {doc.Conditions}.");
            }

            return rdms;
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"Invalid RDM collection: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Rdms value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var vectors = Enumerable.Range(0, value.Count).Select(i => value.Vector(i).ToArray()).ToArray();
        var descriptors = value.DescriptorNames.ToDictionary(k => k, k => value.Descriptor(k).ToArray(), StringComparer.Ordinal);
        JsonSerializer.Serialize(writer, new RdmsDocument(value.DissimilarityMeasure, value.Conditions, vectors, descriptors), RsaJsonContext.Default.RdmsDocument);
    }
}
