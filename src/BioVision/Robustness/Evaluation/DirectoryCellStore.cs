using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BioVision.Training;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// Keeps each finished cell as one JSON file in a folder, written atomically (temporary file, then rename), so a kill
/// at any moment leaves either the finished cell or nothing. File names are a hash of the key; the key is stored
/// inside and checked on read. A cell file that cannot be read is treated as unfinished and recomputed.
/// </summary>
public sealed class DirectoryCellStore : ICellStore
{
    /// <summary>Uses (and creates) <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder.</param>
    public DirectoryCellStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public T? TryRead<T>(string key, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.GetProperty("key").GetString() != key)
            {
                return default;
            }

            return document.RootElement.GetProperty("value").Deserialize(type);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <inheritdoc />
    public void Write<T>(string key, T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value, type);
            writer.WriteEndObject();
        }

        AtomicFile.WriteAllText(PathOf(key), Encoding.UTF8.GetString(stream.ToArray()));
    }

    private string PathOf(string key) =>
        Path.Combine(Directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24].ToLowerInvariant() + ".json");
}
