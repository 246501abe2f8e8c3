using System.Globalization;
using BioVision.Runs;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The recorded responses of a V1 property measurement kept in a <see cref="RunStore"/> while it runs, so that a killed
/// run continues where it stopped. Each stage's per-layer response tensors are stored (atomically) at most every save
/// interval and at the stage's end, then the stage's progress entry names how many stimuli they hold; the tensors are
/// always written before the progress entry, so they never hold less than it says. The store is bound to the
/// fingerprint of the model (weights and name), the layers and the options: a folder written by a different
/// measurement is refused (<see cref="RunMismatchException"/>) rather than mixed in.
/// </summary>
internal sealed class MeasurementCheckpoint
{
    /// <summary>The store's stage name.</summary>
    public const string StageName = "v1-properties";

    private const string SecondsKey = "seconds";
    private readonly RunStore _store;
    private readonly TimeSpan _interval;
    private DateTime _lastSave = DateTime.UtcNow;

    private MeasurementCheckpoint(RunStore store, double seconds, TimeSpan interval)
    {
        _store = store;
        _interval = interval;
        PreviousSeconds = seconds;
    }

    /// <summary>Wall time spent by earlier, interrupted runs, seconds.</summary>
    public double PreviousSeconds { get; }

    /// <summary>Opens (or starts) the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="RunMismatchException">The folder holds a measurement with a different fingerprint.</exception>
    /// <param name="directory">The folder (created when missing).</param>
    /// <param name="fingerprint">What the saved measurement must match.</param>
    /// <param name="interval">Least time between saves of a stage in progress.</param>
    public static MeasurementCheckpoint Open(string directory, Fingerprint fingerprint, TimeSpan interval)
    {
        var store = RunStore.Open(directory).Bind(StageName, fingerprint);
        return new MeasurementCheckpoint(store, store.TryRead(SecondsKey, V1PropertiesJsonContext.Default.Double), interval);
    }

    /// <summary>
    /// The saved responses of <paramref name="stage"/> (one tensor per layer, on <paramref name="device"/>) and how many
    /// stimuli they hold; null when nothing of the stage was saved.
    /// </summary>
    /// <param name="stage">Stage name.</param>
    /// <param name="shapes">The expected <c>[units, stimuli]</c> shape of each layer's tensor.</param>
    /// <param name="device">Where the tensors go.</param>
    /// <exception cref="ArgumentException">A saved tensor is missing or of another shape.</exception>
    /// <exception cref="DataFormatException">A saved tensor is unreadable.</exception>
    public (Tensor[] Stores, int Done)? Load(string stage, IReadOnlyList<long[]> shapes, Device device)
    {
        if (_store.TryRead(ProgressKey(stage), V1PropertiesJsonContext.Default.Int32) is not (> 0 and int done))
        {
            return null;
        }

        var stores = new Tensor[shapes.Count];
        for (int i = 0; i < shapes.Count; i++)
        {
            var store = _store.TryReadTensor(TensorKey(stage, i), device)
                ?? throw new ArgumentException($"The responses of layer {i} in stage '{stage}' are missing from '{_store.Directory}' although its progress entry lists {done} stimuli; delete the folder to start afresh.");
            if (!store.shape.SequenceEqual(shapes[i]) || done > shapes[i][1])
            {
                string found = string.Join(" x ", store.shape);
                store.Dispose();
                throw new ArgumentException($"'{_store.Directory}' holds {found} responses of layer {i} in stage '{stage}' where this measurement records {string.Join(" x ", shapes[i])}; delete the folder to start afresh.");
            }

            stores[i] = store.DetachFromDisposeScope();
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
            _store.WriteTensor(TensorKey(stage, i), stores[i]);
        }

        _store.Write(ProgressKey(stage), done, V1PropertiesJsonContext.Default.Int32);
        _store.Write(SecondsKey, PreviousSeconds + seconds, V1PropertiesJsonContext.Default.Double);
        _lastSave = DateTime.UtcNow;
    }

    private static string ProgressKey(string stage) => stage + ".done";

    private static string TensorKey(string stage, int layer) => string.Create(CultureInfo.InvariantCulture, $"{stage}.layer{layer}");
}
