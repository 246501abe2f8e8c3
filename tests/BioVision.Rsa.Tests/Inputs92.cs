using System.Text.Json;

namespace BioVision.Rsa.Tests;

/// <summary>The 92-image RDMs from 92_inputs.json (upper-triangle vectors, length 4186).</summary>
internal static class Inputs92
{
    public static JsonElement Root => ReferenceData.Load("92_inputs.json");

    public static Rdms Subjects => Rdms.FromVectors(ReferenceData.Rows(Root.GetProperty("subject_mean_vectors")), "hIT",
        new Dictionary<string, IReadOnlyList<string>> { ["subject"] = Root.GetProperty("subjects").EnumerateArray().Select(e => e.GetString()!).ToArray() });

    public static Rdms Sessions => Rdms.FromVectors(ReferenceData.Rows(Root.GetProperty("brain_session_vectors")), "hIT",
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["subject"] = Root.GetProperty("brain_session_subject").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            ["index"] = Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        });

    public static Rdms Monkey => Rdms.FromVectors([ReferenceData.Vec(Root.GetProperty("monkey_it_vector"))], "mIT");

    public static Rdms Models => Rdms.FromVectors(ReferenceData.Rows(Root.GetProperty("model_vectors")), "model",
        new Dictionary<string, IReadOnlyList<string>> { ["name"] = Root.GetProperty("model_names").EnumerateArray().Select(e => e.GetString()!).ToArray() });
}
