using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using static TorchSharp.torch;

namespace BioVision.Runs;

/// <summary>One input of a stage: its name, the SHA-256 of its canonical bytes and a short readable summary.</summary>
/// <param name="Name">What the input is (<c>options</c>, <c>model weights</c>, <c>images</c>, ...).</param>
/// <param name="Digest">Lower-case hex SHA-256 of the input's canonical form.</param>
/// <param name="Summary">A short description for messages (the JSON itself when short, else its start, or shape and dtype).</param>
public sealed record FingerprintField(string Name, string Digest, string Summary);

/// <summary>
/// The identity of a stage's inputs: an ordered list of named digests (<see cref="FingerprintBuilder"/> makes one). Two
/// runs may share stored results exactly when their fingerprints are equal; <see cref="FirstDifference"/> names the first
/// input that differs, so that a refusal can say what changed.
/// </summary>
/// <param name="Fields">The inputs, in the order the stage added them.</param>
public sealed record Fingerprint(IReadOnlyList<FingerprintField> Fields)
{
    /// <summary>One digest over every field (names and digests, in order).</summary>
    public string Digest
    {
        get
        {
            var text = new StringBuilder();
            foreach (var entry in Fields)
            {
                text.Append(entry.Name).Append('=').Append(entry.Digest).Append('\n');
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    /// <summary>
    /// The first field in which <paramref name="stored"/> differs from this fingerprint, as a sentence naming it
    /// (<c>"options: stored {...}, now {...}"</c>), or null when the two are equal. A field present on one side only counts as differing.
    /// </summary>
    /// <param name="stored">The fingerprint found in a store.</param>
    public string? FirstDifference(Fingerprint stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var before = stored.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var entry in Fields)
        {
            if (!before.TryGetValue(entry.Name, out var old))
            {
                return $"{entry.Name}: not in the stored run, now {entry.Summary}";
            }

            if (!string.Equals(old.Digest, entry.Digest, StringComparison.Ordinal))
            {
                return JsonDifference(entry.Name, old.Summary, entry.Summary) ?? $"{entry.Name}: stored {old.Summary}, now {entry.Summary}";
            }
        }

        var now = Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return stored.Fields.FirstOrDefault(f => !now.Contains(f.Name)) is { } gone ? $"{gone.Name}: stored {gone.Summary}, not an input now" : null;
    }

    // When both summaries are whole JSON documents (options records are), the path of the first differing value
    // ("options.Trials: stored 2, now 3"); null when they are not JSON or were shortened.
    private static string? JsonDifference(string name, string before, string now)
    {
        System.Text.Json.Nodes.JsonNode? a, b;
        try
        {
            a = System.Text.Json.Nodes.JsonNode.Parse(before);
            b = System.Text.Json.Nodes.JsonNode.Parse(now);
        }
        catch (JsonException)
        {
            return null;
        }

        // Property names are matched case-insensitively: stores written before the one JSON policy (JsonPolicy) used
        // PascalCase. When the names' case is all that differs, the inputs were probably the same, but the digest
        // cannot prove it, so the results are not reused and the message says why.
        return First(name, a, b)
            ?? $"{name}: written by an earlier BioVision under other JSON property names (PascalCase); the same settings cannot be proven, so its results are not reused";

        static string? First(string path, System.Text.Json.Nodes.JsonNode? x, System.Text.Json.Nodes.JsonNode? y)
        {
            if (System.Text.Json.Nodes.JsonNode.DeepEquals(x, y))
            {
                return null;
            }

            if (x is System.Text.Json.Nodes.JsonObject ox && y is System.Text.Json.Nodes.JsonObject oy)
            {
                var keys = oy.Select(p => p.Key).Concat(ox.Select(p => p.Key)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                foreach (var key in keys)
                {
                    if (First($"{path}.{key}", Get(ox, key), Get(oy, key)) is { } found)
                    {
                        return found;
                    }
                }

                return null; // equal but for the case of names
            }
            else if (x is System.Text.Json.Nodes.JsonArray ax && y is System.Text.Json.Nodes.JsonArray ay && ax.Count == ay.Count)
            {
                for (int i = 0; i < ax.Count; i++)
                {
                    if (First(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), ax[i], ay[i]) is { } found)
                    {
                        return found;
                    }
                }

                return null; // equal but for the case of names
            }

            return $"{path}: stored {Show(x)}, now {Show(y)}";
        }

        static System.Text.Json.Nodes.JsonNode? Get(System.Text.Json.Nodes.JsonObject o, string key) =>
            o.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

        static string Show(System.Text.Json.Nodes.JsonNode? node)
        {
            string text = node?.ToJsonString() ?? "(absent)";
            return text.Length <= 200 ? text : text[..200] + "...";
        }
    }

    /// <summary>Equality by fields (names, digests and order; summaries are descriptions only and do not count).</summary>
    /// <param name="other">The other fingerprint.</param>
    public bool Equals(Fingerprint? other) =>
        other is not null && Fields.Count == other.Fields.Count && Fields.Zip(other.Fields).All(p => p.First.Name == p.Second.Name && p.First.Digest == p.Second.Digest);

    /// <inheritdoc />
    public override int GetHashCode() => Digest.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// Builds a <see cref="Fingerprint"/> from a stage's inputs: options records as their canonical source-generated JSON,
/// tensors and module weights by their bytes, and any other identity as text.
/// </summary>
/// <example>
/// <code>
/// var fingerprint = new FingerprintBuilder()
///     .AddJson("options", options, RobustnessJsonContext.Default.RobustnessOptions)
///     .AddModule("model weights", model)
///     .AddTensor("images", images)
///     .Build();
/// </code>
/// </example>
public sealed class FingerprintBuilder
{
    // Summaries are kept whole up to this length, so that options records (a few hundred characters of JSON) can be
    // compared setting by setting when a store is refused.
    private const int SummaryLength = 8192;
    private readonly List<FingerprintField> _fields = [];

    /// <summary>Adds an input given by its canonical text (a name, a spec, a file's identity).</summary>
    /// <param name="name">The input's name (unique within the fingerprint).</param>
    /// <param name="text">Its canonical text.</param>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FingerprintBuilder AddText(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(name, SHA256.HashData(Encoding.UTF8.GetBytes(text)), Shorten(text));
    }

    /// <summary>
    /// Adds an options record as the compact JSON its source-generated metadata writes (so every setting counts, under
    /// one naming policy, independent of culture and of <c>ToString</c>).
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="name">The input's name.</param>
    /// <param name="value">The record.</param>
    /// <param name="type">Its source-generated JSON metadata.</param>
    public FingerprintBuilder AddJson<T>(string name, T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        byte[] bytes = buffer.ToArray();
        return Add(name, SHA256.HashData(bytes), Shorten(Encoding.UTF8.GetString(bytes)));
    }

    /// <summary>Adds a tensor by its dtype, shape and values (copied to the CPU; the tensor is not changed).</summary>
    /// <param name="name">The input's name.</param>
    /// <param name="tensor">The tensor.</param>
    public FingerprintBuilder AddTensor(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, tensor);
        return Add(name, hash.GetHashAndReset(), Describe(tensor));
    }

    /// <summary>
    /// Adds a module by its state: every entry of its <c>state_dict</c> (parameters and buffers, sorted by name) with
    /// name, dtype, shape and values, and the type of every submodule, so that other weights or another architecture
    /// give another digest.
    /// </summary>
    /// <param name="name">The input's name.</param>
    /// <param name="module">The module.</param>
    public FingerprintBuilder AddModule(string name, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (child, sub) in module.named_modules())
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"module {child}:{sub.GetType().FullName}\n"));
        }

        long values = 0;
        int count = 0;
        foreach (var (entry, tensor) in module.state_dict().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"entry {entry}\n"));
            Append(hash, tensor);
            values += tensor.numel();
            count++;
        }

        return Add(name, hash.GetHashAndReset(), string.Create(CultureInfo.InvariantCulture, $"{module.GetType().Name} with {count} tensors, {values:N0} values"));
    }

    /// <summary>The fingerprint of the inputs added so far.</summary>
    public Fingerprint Build() => new([.. _fields]);

    private FingerprintBuilder Add(string name, byte[] digest, string summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_fields.Any(f => f.Name == name))
        {
            throw new ArgumentException($"The fingerprint already has an input named '{name}'.", nameof(name));
        }

        _fields.Add(new FingerprintField(name, Convert.ToHexStringLower(digest), summary));
        return this;
    }

    private static void Append(IncrementalHash hash, Tensor tensor)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(Describe(tensor) + "\n"));
        using var scope = NewDisposeScope();
        var host = tensor.detach().cpu().contiguous();
        hash.AppendData(host.bytes);
    }

    private static string Describe(Tensor tensor) =>
        $"{tensor.dtype} [{string.Join(", ", tensor.shape)}]";

    private static string Shorten(string text) => text.Length <= SummaryLength ? text : text[..SummaryLength] + "...";
}
