using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BioVision.Training;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The recorded responses of a V1 property measurement kept in a folder while it runs, so that a killed run continues
/// where it stopped. Each stage's per-layer response tensors are saved (atomically) at most every save interval and at
/// the stage's end, then <c>progress.json</c> names how many stimuli of the
/// stage they hold; the tensors are always written before the manifest, so they never hold less than it says. The
/// manifest carries a fingerprint of the model, layers and options: a folder written by a different measurement is
/// refused rather than mixed in.
/// </summary>
internal sealed class MeasurementCheckpoint
{
    private const string ManifestFile = "progress.json";
    private readonly string _directory;
    private readonly string _fingerprint;
    private readonly JsonObject _stages;
    private readonly TimeSpan _interval;
    private DateTime _lastSave = DateTime.UtcNow;

    private MeasurementCheckpoint(string directory, string fingerprint, JsonObject stages, double seconds, TimeSpan interval)
    {
        _directory = directory;
        _fingerprint = fingerprint;
        _stages = stages;
        _interval = interval;
        PreviousSeconds = seconds;
    }

    /// <summary>Wall time spent by earlier, interrupted runs, seconds.</summary>
    public double PreviousSeconds { get; }

    /// <summary>Opens (or starts) the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="ArgumentException">The folder holds a measurement with a different fingerprint.</exception>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="fingerprint">What the saved measurement must match.</param>
    /// <param name="interval">Least time between saves of a stage in progress.</param>
    public static MeasurementCheckpoint Open(string directory, string fingerprint, TimeSpan interval)
    {
        Directory.CreateDirectory(directory);
        string manifest = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifest))
        {
            return new MeasurementCheckpoint(directory, fingerprint, [], 0, interval);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(manifest)) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"'{manifest}' is not a V1 measurement progress file ({e.Message}); delete the folder to start afresh.", e);
        }

        string? stored = root["fingerprint"]?.GetValue<string>();
        if (!string.Equals(stored, fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{directory}' holds a V1 measurement of another model, layer list or options:{Environment.NewLine}  stored:   {stored}{Environment.NewLine}  this run: {fingerprint}{Environment.NewLine}Use another folder, or delete it to start afresh.");
        }

        return new MeasurementCheckpoint(directory, fingerprint, root["stages"] as JsonObject ?? [], root["seconds"]?.GetValue<double>() ?? 0, interval);
    }

    /// <summary>
    /// The saved responses of <paramref name="stage"/> (one tensor per layer, on <paramref name="device"/>) and how many
    /// stimuli they hold; null when nothing of the stage was saved.
    /// </summary>
    /// <param name="stage">Stage name.</param>
    /// <param name="shapes">The expected <c>[units, stimuli]</c> shape of each layer's tensor.</param>
    /// <param name="device">Where the tensors go.</param>
    /// <exception cref="ArgumentException">A saved tensor is missing, unreadable or of another shape.</exception>
    public (Tensor[] Stores, int Done)? Load(string stage, IReadOnlyList<long[]> shapes, Device device)
    {
        if (_stages[stage] is not JsonObject entry)
        {
            return null;
        }

        string manifest = Path.Combine(_directory, ManifestFile);
        int done = entry["done"] is JsonValue value && value.TryGetValue(out int d) && d >= 0 ? d
            : throw new ArgumentException($"'{manifest}' gives no count of stimuli for stage '{stage}'; delete the folder to start afresh.");
        var stores = new Tensor[shapes.Count];
        for (int i = 0; i < shapes.Count; i++)
        {
            string path = TensorPath(stage, i);
            if (!File.Exists(path))
            {
                throw new ArgumentException($"'{path}' is missing although '{manifest}' lists stage '{stage}'; delete the folder to start afresh.");
            }

            Tensor store;
            try
            {
                store = Tensor.load(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException($"'{path}' is not a readable tensor ({e.Message.Split('\n')[0]}); delete the folder to start afresh.", e);
            }

            if (!store.shape.SequenceEqual(shapes[i]) || done > shapes[i][1])
            {
                string found = string.Join(" x ", store.shape);
                store.Dispose();
                throw new ArgumentException($"'{path}' holds {found} responses where this measurement records {string.Join(" x ", shapes[i])}; delete the folder to start afresh.");
            }

            var moved = store.to(device);
            if (!ReferenceEquals(moved, store))
            {
                store.Dispose();
            }

            stores[i] = moved.DetachFromDisposeScope();
        }

        return (stores, done);
    }

    /// <summary>Saves <paramref name="stores"/> as holding the first <paramref name="done"/> stimuli of the stage.</summary>
    /// <param name="stage">Stage name.</param>
    /// <param name="stores">One tensor per layer.</param>
    /// <param name="done">Stimuli held.</param>
    /// <param name="seconds">Wall time of this run so far, seconds.</param>
    /// <param name="force">Save even if the interval has not passed (the stage's end).</param>
    public void Save(string stage, IReadOnlyList<Tensor> stores, int done, double seconds, bool force)
    {
        if (!force && DateTime.UtcNow - _lastSave < _interval)
        {
            return;
        }

        for (int i = 0; i < stores.Count; i++)
        {
            var store = stores[i];
            AtomicFile.Write(TensorPath(stage, i), temp =>
            {
                using var scope = NewDisposeScope();
                store.cpu().save(temp);
            });
        }

        _stages[stage] = new JsonObject { ["done"] = done };
        var root = new JsonObject
        {
            ["fingerprint"] = _fingerprint,
            ["seconds"] = PreviousSeconds + seconds,
            ["stages"] = _stages.DeepClone(),
        };
        AtomicFile.WriteAllText(Path.Combine(_directory, ManifestFile), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        _lastSave = DateTime.UtcNow;
    }

    private string TensorPath(string stage, int layer) =>
        Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{stage}.layer{layer}.pt"));
}
