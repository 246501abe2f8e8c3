using System.Text.Json;
using System.Text.Json.Serialization;

namespace BioVision.Rsa.Serialization;

/// <summary>Reads and writes <see cref="Dataset"/> as a <see cref="DatasetDocument"/>.</summary>
public sealed class DatasetJsonConverter : JsonConverter<Dataset>
{
    /// <inheritdoc/>
    public override Dataset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var doc = JsonSerializer.Deserialize(ref reader, RsaJsonContext.Default.DatasetDocument) ?? throw new JsonException("Expected a dataset, got null.");
        var flat = JsonArrays.ToRectangular(doc.Measurements, "measurements");
        if (flat.GetLength(0) != doc.Observations || (doc.Observations > 0 && flat.GetLength(1) != doc.Channels))
        {
            throw new JsonException($"'measurements' is {flat.GetLength(0)} × {flat.GetLength(1)}, the document says {doc.Observations} × {doc.Channels}.");
        }

        try
        {
            var values = new double[flat.Length];
            Buffer.BlockCopy(flat, 0, values, 0, values.Length * sizeof(double));
            return new Dataset(values, doc.Observations, doc.Channels, doc.Conditions, doc.Runs, doc.ConditionNames);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"Invalid dataset: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Dataset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var rows = Enumerable.Range(0, value.Observations).Select(r => value.Row(r).ToArray()).ToArray();
        var doc = new DatasetDocument(value.Observations, value.Channels, rows, value.Conditions.ToArray(), value.Runs?.ToArray(), value.ConditionNames?.ToArray());
        JsonSerializer.Serialize(writer, doc, RsaJsonContext.Default.DatasetDocument);
    }
}
