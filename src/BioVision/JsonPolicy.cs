using System.Text.Json;
using System.Text.Json.Serialization;

namespace BioVision;

/// <summary>
/// The one JSON policy of every file BioVision writes (checkpoints, run-store manifests and entries, robustness, V1,
/// neural and study reports, import summaries, V1 parameter files): indented, camelCase property names, enums as their
/// names, NaN and ±∞ as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> (an undefined correlation
/// stays NaN; JSON has no literal for it). Every source-generated context's
/// <see cref="JsonSourceGenerationOptionsAttribute"/> is spelled with these constants, and a test checks every context of
/// every BioVision assembly against <see cref="Check"/>.
/// </summary>
/// <remarks>
/// Files written before this policy (PascalCase properties, enums as numbers in the V1 and training files) still read:
/// property names are matched case-insensitively and enum converters accept numbers, so nothing written by an earlier
/// version becomes unreadable. Attribute arguments must be constants, hence constants rather than one options object.
/// <c>BioVision.Rsa</c> (which must not depend on this assembly) spells the same values; the same test covers it.
/// </remarks>
public static class JsonPolicy
{
    /// <summary>Files are indented.</summary>
    public const bool WriteIndented = true;

    /// <summary>Property names are camelCase.</summary>
    public const JsonKnownNamingPolicy PropertyNaming = JsonKnownNamingPolicy.CamelCase;

    /// <summary>Enums are written as their names (numbers are still read).</summary>
    public const bool UseStringEnumConverter = true;

    /// <summary>NaN and infinities are written as named literals.</summary>
    public const JsonNumberHandling NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;

    /// <summary>Property names are read case-insensitively, so files of earlier versions (PascalCase) still load.</summary>
    public const bool PropertyNameCaseInsensitive = true;

    /// <summary>Throws when <paramref name="options"/> (a context's options) departs from the policy, naming the setting.</summary>
    /// <param name="options">The options of a <see cref="JsonSerializerContext"/>.</param>
    /// <param name="context">The context's name, for the message.</param>
    /// <exception cref="InvalidOperationException">A setting differs.</exception>
    public static void Check(JsonSerializerOptions options, string context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.WriteIndented != WriteIndented)
        {
            problems.Add($"WriteIndented = {options.WriteIndented}");
        }

        if (options.PropertyNamingPolicy != JsonNamingPolicy.CamelCase)
        {
            problems.Add($"PropertyNamingPolicy = {options.PropertyNamingPolicy?.GetType().Name ?? "none (PascalCase)"}");
        }

        if (options.NumberHandling != NumberHandling)
        {
            problems.Add($"NumberHandling = {options.NumberHandling}");
        }

        if (options.PropertyNameCaseInsensitive != PropertyNameCaseInsensitive)
        {
            problems.Add($"PropertyNameCaseInsensitive = {options.PropertyNameCaseInsensitive}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{context} departs from BioVision's JSON policy: {string.Join(", ", problems)}.");
        }
    }
}
