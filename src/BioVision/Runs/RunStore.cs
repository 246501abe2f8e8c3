using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using static TorchSharp.torch;

namespace BioVision.Runs;

/// <summary>
/// The one store every stage of BioVision keeps its results in, so that a killed run continues where it stopped and a
/// result computed under other inputs is never reused. A store is a folder with a <c>manifest.json</c> naming the stage
/// and the <see cref="Fingerprint"/> of its inputs, and typed entries under <c>entries/</c>: JSON records, tensors and
/// module weights, each written atomically (<see cref="AtomicFile"/>). Stages whose results hang off another's (the
/// robustness cells of a trained model, the tasks of a study) are <see cref="Child">child stores</see> in sub-folders,
/// so clearing a store clears them too.
/// </summary>
/// <remarks>
/// Protocol: <see cref="Open"/> the folder (optionally clearing it), then <see cref="Bind"/> it to the stage and the
/// fingerprint of this run's inputs. A folder bound to another fingerprint is refused with a
/// <see cref="RunMismatchException"/> that names the first differing input; nothing is deleted unless the caller asked
/// for <c>overwrite</c>. Entries are readable and writable only after binding. An entry file that cannot be read (a
/// disk fault, an edit) counts as missing and is recomputed.
/// </remarks>
public sealed class RunStore
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The folder of typed entries.</summary>
    public const string EntriesFolder = "entries";

    /// <summary>The manifest format written by this version.</summary>
    public const int FormatVersion = 1;

    // The manifest is read by people too: keep quotes and non-ASCII letters in summaries unescaped (still valid JSON).
    private static readonly JsonSerializerOptions ManifestOptions = new(RunsJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private RunStore(string directory) => Directory = directory;

    /// <summary>The store's folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The stage the store is bound to, or null before <see cref="Bind"/>.</summary>
    public string? Stage { get; private set; }

    /// <summary>The fingerprint the store is bound to, or null before <see cref="Bind"/>.</summary>
    public Fingerprint? Fingerprint { get; private set; }

    /// <summary>True when the folder holds a manifest (a bound store, from this run or an earlier one).</summary>
    public bool HasManifest => File.Exists(Path.Combine(Directory, ManifestFile));

    /// <summary>
    /// Opens the store in <paramref name="directory"/> (created when missing). With <paramref name="overwrite"/> the
    /// folder is first deleted with everything in it — but only when it is empty, holds a manifest, or holds one of
    /// <paramref name="legacyMarkers"/> (a run written before stores had manifests), so that a mistyped path never
    /// deletes a folder BioVision did not write.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="overwrite">Delete what the folder holds first.</param>
    /// <param name="legacyMarkers">File or folder names that mark an older BioVision run in this folder.</param>
    /// <exception cref="IOException">Overwrite was asked for a folder that BioVision did not write.</exception>
    public static RunStore Open(string directory, bool overwrite = false, params string[] legacyMarkers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = Path.GetFullPath(directory);
        var store = new RunStore(full);
        if (overwrite)
        {
            store.Clear(legacyMarkers);
        }

        System.IO.Directory.CreateDirectory(full);
        AtomicFile.CleanTemporaries(full);
        return store;
    }

    /// <summary>
    /// Binds the store to <paramref name="stage"/> and <paramref name="fingerprint"/>: a new store writes its manifest;
    /// a store with a manifest must have been written by the same stage under an equal fingerprint.
    /// </summary>
    /// <param name="stage">The stage's name (<c>train</c>, <c>robustness</c>, <c>v1-properties</c>, <c>study</c>, ...).</param>
    /// <param name="fingerprint">The identity of this run's inputs.</param>
    /// <returns>This store.</returns>
    /// <exception cref="RunMismatchException">The folder holds results of another stage or of other inputs.</exception>
    /// <exception cref="InvalidOperationException">The store is already bound to something else.</exception>
    public RunStore Bind(string stage, Fingerprint fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (Stage is not null)
        {
            if (Stage == stage && Fingerprint!.Equals(fingerprint))
            {
                return this;
            }

            throw new InvalidOperationException($"The store in '{Directory}' is already bound to stage '{Stage}'.");
        }

        string path = Path.Combine(Directory, ManifestFile);
        if (File.Exists(path))
        {
            var manifest = ReadManifest(path);
            if (manifest.Stage != stage)
            {
                throw new RunMismatchException(Directory, stage, $"the folder holds a '{manifest.Stage}' run, not a '{stage}' run");
            }

            if (fingerprint.FirstDifference(manifest.Fingerprint) is { } difference)
            {
                throw new RunMismatchException(Directory, stage, difference);
            }
        }
        else
        {
            WriteManifest(path, stage, fingerprint);
        }

        Stage = stage;
        Fingerprint = fingerprint;
        return this;
    }

    /// <summary>
    /// Binds the store to <paramref name="fingerprint"/> although its manifest records other inputs, rewriting the
    /// manifest: for a caller that has decided explicitly that the stored results stay valid under the new inputs (a
    /// training run resumed with <c>AllowRecipeChange</c>). The manifest then records the inputs the results continue under.
    /// </summary>
    /// <param name="stage">The stage's name; a manifest of another stage is still refused.</param>
    /// <param name="fingerprint">The new identity.</param>
    /// <returns>This store.</returns>
    /// <exception cref="RunMismatchException">The folder holds results of another stage.</exception>
    public RunStore Rebind(string stage, Fingerprint fingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentNullException.ThrowIfNull(fingerprint);
        string path = Path.Combine(Directory, ManifestFile);
        if (File.Exists(path) && ReadManifest(path).Stage is var stored && stored != stage)
        {
            throw new RunMismatchException(Directory, stage, $"the folder holds a '{stored}' run, not a '{stage}' run");
        }

        WriteManifest(path, stage, fingerprint);
        Stage = stage;
        Fingerprint = fingerprint;
        return this;
    }

    private static void WriteManifest(string path, string stage, Fingerprint fingerprint)
    {
        var manifest = new RunManifest(FormatVersion, stage, fingerprint.Digest, fingerprint, DateTimeOffset.UtcNow);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(manifest, (JsonTypeInfo<RunManifest>)ManifestOptions.GetTypeInfo(typeof(RunManifest))));
    }

    /// <summary>The manifest a folder holds, or null when it has none (for inspection; <see cref="Bind"/> checks it).</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="RunMismatchException">The manifest is not readable.</exception>
    public static RunManifest? TryReadManifest(string directory)
    {
        string path = Path.Combine(Path.GetFullPath(directory), ManifestFile);
        return File.Exists(path) ? ReadManifest(path) : null;
    }

    /// <summary>A child store in the sub-folder <paramref name="name"/> (unbound; bind it to its own stage and inputs).</summary>
    /// <param name="name">The sub-folder's name (one path segment).</param>
    /// <param name="overwrite">Clear the child first.</param>
    public RunStore Child(string name, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) >= 0 || name is "." or ".." || name == EntriesFolder)
        {
            throw new ArgumentException($"A child store's name must be one folder name other than '{EntriesFolder}' (got '{name}').", nameof(name));
        }

        return Open(Path.Combine(Directory, name), overwrite);
    }

    /// <summary>The stored record <paramref name="key"/>, or default when it has not been written (or cannot be read).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="key">The entry's key.</param>
    /// <param name="type">Its JSON type information.</param>
    public T? TryRead<T>(string key, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        string path = EntryPath(key, ".json");
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
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or NotSupportedException)
        {
            return default;
        }
    }

    /// <summary>Stores a record under <paramref name="key"/> (atomically; an existing entry is replaced).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="key">The entry's key.</param>
    /// <param name="value">The record.</param>
    /// <param name="type">Its JSON type information.</param>
    public void Write<T>(string key, T value, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value, type);
            writer.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(EntryPath(key, ".json"), stream.ToArray());
    }

    /// <summary>Stores a tensor under <paramref name="key"/> (its CPU copy, atomically).</summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="tensor">The tensor.</param>
    public void WriteTensor(string key, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicFile.Write(EntryPath(key, ".pt"), temp =>
        {
            using var scope = NewDisposeScope();
            tensor.detach().cpu().save(temp);
        });
    }

    /// <summary>The stored tensor <paramref name="key"/> on <paramref name="device"/>, or null when it has not been written.</summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="device">Where the tensor goes (CPU when null).</param>
    /// <exception cref="DataFormatException">The entry exists but is not a readable tensor.</exception>
    public Tensor? TryReadTensor(string key, Device? device = null)
    {
        string path = EntryPath(key, ".pt");
        if (!File.Exists(path))
        {
            return null;
        }

        Tensor loaded;
        try
        {
            loaded = Tensor.load(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataFormatException($"Store entry '{key}' ({path}) is not a readable tensor ({e.Message.Split('\n')[0]}); delete it to recompute.", e);
        }

        if (device is null || loaded.device == device)
        {
            return loaded;
        }

        var moved = loaded.to(device);
        loaded.Dispose();
        return moved;
    }

    /// <summary>Stores a module's weights (its <c>state_dict</c>, TorchSharp format) under <paramref name="key"/>.</summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="module">The module.</param>
    public void WriteModule(string key, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        AtomicFile.Write(EntryPath(key, ".module.bin"), temp => module.save(temp));
    }

    /// <summary>Loads the weights stored under <paramref name="key"/> into <paramref name="module"/>; false when there are none.</summary>
    /// <param name="key">The entry's key.</param>
    /// <param name="module">A module of the same architecture.</param>
    /// <exception cref="DataFormatException">The entry exists but does not load into the module.</exception>
    public bool TryLoadModule(string key, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        string path = EntryPath(key, ".module.bin");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            module.load(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataFormatException($"Store entry '{key}' ({path}) does not load into {module.GetType().Name} ({e.Message.Split('\n')[0]}); delete it to recompute.", e);
        }

        return true;
    }

    /// <summary>
    /// Deletes the store's folder with everything in it (entries, child stores, files of its stage), when it is empty,
    /// holds a manifest or holds one of <paramref name="legacyMarkers"/>; a store bound before is unbound.
    /// </summary>
    /// <param name="legacyMarkers">File or folder names that mark an older BioVision run.</param>
    /// <exception cref="IOException">The folder holds files but no manifest and no marker: BioVision did not write it.</exception>
    public void Clear(params string[] legacyMarkers)
    {
        if (System.IO.Directory.Exists(Directory))
        {
            bool ours = HasManifest
                || !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any()
                || legacyMarkers.Any(m => File.Exists(Path.Combine(Directory, m)) || System.IO.Directory.Exists(Path.Combine(Directory, m)));
            if (!ours)
            {
                throw new IOException($"Refusing to clear '{Directory}': it holds files but no {ManifestFile}, so it is not a folder BioVision wrote. Choose another output folder.");
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }

        Stage = null;
        Fingerprint = null;
        System.IO.Directory.CreateDirectory(Directory);
    }

    private string EntryPath(string key, string extension)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Stage is null)
        {
            throw new InvalidOperationException($"The store in '{Directory}' is not bound to a stage yet; call Bind with the run's fingerprint first.");
        }

        // A readable stem (letters, digits, '-', '_', '.') and a hash of the whole key, so distinct keys never share a file.
        var stem = new StringBuilder();
        foreach (char c in key)
        {
            stem.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
            if (stem.Length == 60)
            {
                break;
            }
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return Path.Combine(Directory, EntriesFolder, $"{stem}-{hash}{extension}");
    }

    private static RunManifest ReadManifest(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllText(path), RunsJsonContext.Default.RunManifest);
            if (manifest?.Fingerprint?.Fields is null || manifest.Stage is null)
            {
                throw new JsonException("stage or fingerprint missing");
            }

            if (manifest.Format > FormatVersion)
            {
                throw new RunMismatchException(Path.GetDirectoryName(path)!, manifest.Stage, $"the store was written by a newer BioVision (manifest format {manifest.Format}, this version reads {FormatVersion})");
            }

            return manifest;
        }
        catch (JsonException e)
        {
            throw new RunMismatchException(Path.GetDirectoryName(path)!, "?", $"its {ManifestFile} is not a readable manifest ({e.Message})");
        }
    }
}

/// <summary>What a store's <c>manifest.json</c> holds.</summary>
/// <param name="Format">The manifest format (<see cref="RunStore.FormatVersion"/>).</param>
/// <param name="Stage">The stage that wrote the store.</param>
/// <param name="Digest">The fingerprint's digest (for a quick look; the fields decide).</param>
/// <param name="Fingerprint">The fingerprint of the inputs.</param>
/// <param name="Created">When the store was bound first.</param>
public sealed record RunManifest(int Format, string Stage, string Digest, Fingerprint Fingerprint, DateTimeOffset Created);

/// <summary>
/// A store holds results of another stage or of other inputs than this run's. The message names the folder, the
/// first differing input and how to proceed (the same settings to continue, another folder, or overwrite).
/// </summary>
public sealed class RunMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The store's folder.</param>
    /// <param name="stage">The stage that tried to use it.</param>
    /// <param name="difference">The first differing input, as a sentence.</param>
    public RunMismatchException(string directory, string stage, string difference)
        : base($"'{directory}' holds a {stage} run with other inputs ({difference}). Rerun with the same settings to continue it, choose another output folder, or pass --overwrite (Overwrite = true) to discard it.")
    {
        Directory = directory;
        Stage = stage;
        Difference = difference;
    }

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>The stage that tried to use it.</summary>
    public string Stage { get; }

    /// <summary>The first differing input, as a sentence.</summary>
    public string Difference { get; }
}
