using System.Text.Json;
using System.Text.Json.Serialization;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Serialization;

/// <summary>Reads and writes <see cref="EvaluationResult"/> as an <see cref="EvaluationResultDocument"/>.</summary>
public sealed class EvaluationResultJsonConverter : JsonConverter<EvaluationResult>
{
    /// <inheritdoc/>
    public override EvaluationResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var doc = JsonSerializer.Deserialize(ref reader, RsaJsonContext.Default.EvaluationResultDocument) ?? throw new JsonException("Expected an evaluation result, got null.");
        var samples = JsonArrays.ToRectangular(doc.Samples, "samples");
        if (samples.GetLength(1) != doc.ModelNames.Length)
        {
            throw new JsonException($"'samples' has {samples.GetLength(1)} columns for {doc.ModelNames.Length} models.");
        }

        (double[,], double[,], int, int)? dual = null;
        if (doc.DualRdmCovariance is not null || doc.DualPatternCovariance is not null)
        {
            dual = (JsonArrays.ToRectangular(doc.DualRdmCovariance, "dualRdmCovariance"), JsonArrays.ToRectangular(doc.DualPatternCovariance, "dualPatternCovariance"),
                doc.DualRdmCount ?? throw new JsonException("'dualRdmCount' is missing."), doc.DualPatternCount ?? throw new JsonException("'dualPatternCount' is missing."));
        }

        try
        {
            return new EvaluationResult(doc.Kind, doc.Method, doc.ModelNames, samples, doc.NoiseCeilings, JsonArrays.ToRectangular(doc.RawCovariance, "rawCovariance"),
                doc.NoiseCeilingIncluded, doc.CorrectionN, doc.Dof, dual);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"Invalid evaluation result: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EvaluationResult value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var doc = new EvaluationResultDocument
        {
            Kind = value.Kind,
            Method = value.Method,
            ModelNames = value.ModelNames.ToArray(),
            Samples = JsonArrays.ToJagged(value.Samples),
            NoiseCeilings = value.NoiseCeilings.ToArray(),
            RawCovariance = JsonArrays.ToJagged(value.RawCovariance),
            NoiseCeilingIncluded = value.NoiseCeilingIncluded,
            CorrectionN = value.CorrectionN,
            Dof = value.Dof,
            DualRdmCovariance = value.Dual is { } d ? JsonArrays.ToJagged(d.Rdm) : null,
            DualPatternCovariance = value.Dual is { } d2 ? JsonArrays.ToJagged(d2.Pattern) : null,
            DualRdmCount = value.Dual?.NRdm,
            DualPatternCount = value.Dual?.NPattern,
            NoiseCeiling = value.NoiseCeiling,
            Means = value.Means.ToArray(),
            Sem = value.Sem.ToArray(),
            PZero = value.PZero.ToArray(),
            PNoise = value.PNoise.ToArray(),
        };
        JsonSerializer.Serialize(writer, doc, RsaJsonContext.Default.EvaluationResultDocument);
    }
}
