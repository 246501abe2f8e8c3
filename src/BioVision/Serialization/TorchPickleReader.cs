using System.Collections;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Serialization;

/// <summary>
/// Reads files written by <c>torch.save</c>: the zip format (PyTorch ≥ 1.6) and the legacy pickle stream (earlier
/// PyTorch, as the published VOneNet checkpoints are). Hand-written on Razorvine.Pickle (the pickle machine
/// TorchSharp.PyBridge uses) because PyBridge reads neither the legacy format nor tensors that are views into a shared
/// storage (non-contiguous, offset), and reads every tensor of a checkpoint, optimiser state included. Here tensors are
/// deferred until asked for, rebuilt with their storage offset and strides, and shared storages are read once.
/// </summary>
internal sealed class TorchPickleReader : Unpickler
{
    private static readonly object Gate = new();
    private static bool _installed;

    private TorchPickleReader()
    {
    }

    /// <summary>Where a deferred tensor's storage lives.</summary>
    internal sealed record StorageRef(string Key, ScalarType DType, long ElementOffset);

    /// <summary>A tensor recorded in the pickle, read when <see cref="Result.Materialize"/> is called.</summary>
    internal sealed record DeferredTensor(StorageRef Storage, long Offset, long[] Shape, long[] Stride);

    /// <summary>The loaded object graph (dicts as <see cref="Hashtable"/>, tensors as <see cref="DeferredTensor"/>) and a way to read tensors.</summary>
    internal sealed class Result : IDisposable
    {
        private readonly Func<string, long, ScalarType, Tensor> _readStorage;
        private readonly Dictionary<string, Tensor> _storages = new(StringComparer.Ordinal);
        private readonly IDisposable? _owner;

        public Result(object root, string format, Func<string, long, ScalarType, Tensor> readStorage, IDisposable? owner)
        {
            Root = root;
            Format = format;
            _readStorage = readStorage;
            _owner = owner;
        }

        public object Root { get; }

        public string Format { get; }

        /// <summary>A contiguous CPU tensor for a deferred one (owned by the caller).</summary>
        public Tensor Materialize(DeferredTensor t)
        {
            if (!_storages.TryGetValue(t.Storage.Key, out var storage))
            {
                long needed = t.Storage.ElementOffset + t.Offset + Extent(t.Shape, t.Stride);
                storage = _readStorage(t.Storage.Key, needed, t.Storage.DType);
                _storages[t.Storage.Key] = storage;
            }

            using var view = storage.as_strided(t.Shape, t.Stride, t.Storage.ElementOffset + t.Offset);
            return view.contiguous().clone();
        }

        public void Dispose()
        {
            foreach (var s in _storages.Values)
            {
                s.Dispose();
            }

            _storages.Clear();
            _owner?.Dispose();
        }

        private static long Extent(long[] shape, long[] stride)
        {
            if (shape.Any(d => d == 0))
            {
                return 0;
            }

            long last = 0;
            for (int i = 0; i < shape.Length; i++)
            {
                last += (shape[i] - 1) * stride[i];
            }

            return last + 1;
        }
    }

    /// <summary>Reads a <c>torch.save</c> file. Legacy storages are read in one pass (kept only when a tensor needs them later is not possible, so all are kept).</summary>
    /// <exception cref="DataFormatException">Not a <c>torch.save</c> file, or one this reader cannot follow.</exception>
    public static Result Read(string path)
    {
        Install();
        var stream = File.OpenRead(path);
        try
        {
            var head = new byte[4];
            int got = stream.Read(head, 0, 4);
            stream.Position = 0;
            if (got == 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04)
            {
                return ReadZip(stream, path);
            }

            if (got >= 2 && head[0] == 0x80 && head[1] <= 5)
            {
                var result = ReadLegacy(stream, path);
                stream.Dispose();
                return result;
            }

            throw new DataFormatException($"'{path}' is neither a torch.save zip archive nor a legacy torch.save pickle stream.");
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or InvalidDataException or EndOfStreamException or NotSupportedException or IndexOutOfRangeException)
        {
            stream.Dispose();
            throw new DataFormatException($"'{path}' could not be read as a torch.save file: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override object persistentLoad(object pid)
    {
        var t = (object[])pid;
        if (t.Length < 5 || t[0] is not string kind || kind != "storage")
        {
            throw new DataFormatException("Unknown persistent id in a torch.save pickle (expected a storage).");
        }

        string typeName = t[1] switch
        {
            ClassDictConstructor c => c.name,
            string s => s,
            _ => throw new DataFormatException("Unknown storage type in a torch.save pickle."),
        };
        long viewOffset = 0;
        if (t.Length > 5 && t[5] is object[] view && view.Length >= 2)
        {
            viewOffset = Convert.ToInt64(view[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return new StorageRef((string)t[2], DTypeOf(typeName), viewOffset);
    }

    private static Result ReadZip(FileStream stream, string path)
    {
        var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        try
        {
            var pkl = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal))
                ?? throw new DataFormatException($"'{path}' is a zip archive without data.pkl: not a torch.save file.");
            string prefix = pkl.FullName[..^"data.pkl".Length];
            var entries = archive.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            object root;
            using (var reader = new TorchPickleReader())
            using (var pklStream = pkl.Open())
            {
                root = reader.load(pklStream);
            }

            Tensor ReadStorage(string key, long needed, ScalarType dtype)
            {
                if (!entries.TryGetValue(prefix + "data/" + key, out var entry))
                {
                    throw new DataFormatException($"'{path}' has no storage '{key}'.");
                }

                using var probe = torch.empty(1, dtype);
                long elements = entry.Length / probe.ElementSize;
                if (elements < needed)
                {
                    throw new DataFormatException($"'{path}': storage '{key}' holds {elements} elements, a tensor needs {needed}.");
                }

                var storage = torch.empty(elements, dtype);
                using var data = entry.Open();
                storage.ReadBytesFromStream(data);
                return storage;
            }

            return new Result(root, "zip", ReadStorage, archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static Result ReadLegacy(FileStream stream, string path)
    {
        using var reader = new TorchPickleReader();
        object magic = reader.load(stream);
        if (magic?.ToString() != "119547037146038801333356")
        {
            throw new DataFormatException($"'{path}' starts with a pickle but not with torch.save's magic number: not a PyTorch file.");
        }

        object protocol = reader.load(stream);
        if (Convert.ToInt64(protocol, System.Globalization.CultureInfo.InvariantCulture) != 1001)
        {
            throw new DataFormatException($"'{path}': unsupported legacy torch.save protocol {protocol}.");
        }

        if (reader.load(stream) is Hashtable sysInfo && sysInfo["little_endian"] is bool little && !little)
        {
            throw new DataFormatException($"'{path}' was written on a big-endian machine; re-save it on a little-endian one.");
        }

        object root;
        using (var main = new TorchPickleReader())
        {
            root = main.load(stream);
        }

        var keys = (ArrayList)reader.load(stream);
        var dtypes = new Dictionary<string, ScalarType>(StringComparer.Ordinal);
        Collect(StateDictPart(root), t => dtypes[t.Storage.Key] = t.Storage.DType);
        var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var header = new byte[8];
        try
        {
            foreach (string key in keys)
            {
                stream.ReadExactly(header);
                long elements = BitConverter.ToInt64(header);
                if (!dtypes.TryGetValue(key, out var dtype))
                {
                    // Not used by the weights (optimiser state): skip its bytes. The element size comes from the
                    // storage's own type, recorded with any tensor that uses it.
                    long size = ElementSizeOf(root, key);
                    stream.Seek(elements * size, SeekOrigin.Current);
                    continue;
                }

                var storage = torch.empty(elements, dtype);
                storage.ReadBytesFromStream(stream);
                storages[key] = storage;
            }
        }
        catch
        {
            foreach (var s in storages.Values)
            {
                s.Dispose();
            }

            throw;
        }

        var owner = new StorageOwner(storages);
        Tensor ReadStorage(string key, long needed, ScalarType dtype)
        {
            if (!storages.TryGetValue(key, out var s) || s.shape[0] < needed)
            {
                throw new DataFormatException($"'{path}': storage '{key}' is missing or too short.");
            }

            return s.alias();
        }

        return new Result(root, "legacy", ReadStorage, owner);
    }

    /// <summary>The part of a checkpoint that holds the weights: <c>state_dict</c> or <c>model</c> when present, else the whole object.</summary>
    internal static object StateDictPart(object root) =>
        root is Hashtable h && (h["state_dict"] ?? h["model"]) is Hashtable inner ? inner : root;

    private static long ElementSizeOf(object root, string key)
    {
        long size = 0;
        Collect(root, t =>
        {
            if (t.Storage.Key == key && size == 0)
            {
                using var probe = torch.empty(1, t.Storage.DType);
                size = probe.ElementSize;
            }
        });
        return size > 0 ? size : throw new DataFormatException($"Storage '{key}' is used by no tensor; its element size is unknown.");
    }

    /// <summary>Visits every deferred tensor in an object graph.</summary>
    internal static void Collect(object? node, Action<DeferredTensor> visit)
    {
        switch (node)
        {
            case DeferredTensor t:
                visit(t);
                break;
            case IDictionary d:
                foreach (DictionaryEntry e in d)
                {
                    Collect(e.Value, visit);
                }

                break;
            case IEnumerable e when node is not string:
                foreach (var item in e)
                {
                    Collect(item, visit);
                }

                break;
        }
    }

    private static ScalarType DTypeOf(string storage) => storage switch
    {
        "DoubleStorage" => ScalarType.Float64,
        "FloatStorage" => ScalarType.Float32,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => throw new DataFormatException($"Unsupported storage type '{storage}' in a torch.save file."),
    };

    private static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            // TorchSharp.PyBridge registers its own constructors for the same Python names in Razorvine's process-wide
            // table when its unpickler is first touched; run that first, then wrap them so both readers keep working.
            RuntimeHelpers.RunClassConstructor(typeof(TorchSharp.PyBridge.PyTorchUnpickler).TypeHandle);
            foreach (string name in new[] { "_rebuild_tensor_v2", "_rebuild_tensor", "_rebuild_parameter" })
            {
                objectConstructors.TryGetValue("torch._utils." + name, out var previous);
                registerConstructor("torch._utils", name, new Rebuild(name, previous));
            }

            registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            _installed = true;
        }
    }

    private sealed class StorageOwner(Dictionary<string, Tensor> storages) : IDisposable
    {
        public void Dispose()
        {
            foreach (var s in storages.Values)
            {
                s.Dispose();
            }
        }
    }

    private sealed class Rebuild(string name, IObjectConstructor? previous) : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (name == "_rebuild_parameter" && args.Length > 0 && args[0] is DeferredTensor data)
            {
                return data;
            }

            if (args.Length >= 4 && args[0] is StorageRef storage)
            {
                long offset = Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture);
                long[] shape = ((object[])args[2]).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                long[] stride = ((object[])args[3]).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                return new DeferredTensor(storage, offset, shape, stride);
            }

            return previous?.construct(args) ?? throw new DataFormatException($"Unexpected arguments to torch._utils.{name}.");
        }
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedDictionary();
    }

    /// <summary>
    /// Python's OrderedDict as a <see cref="Hashtable"/>. Its pickled state (a state dict's <c>_metadata</c>) carries no
    /// tensors; tensors in it are kept, as PyBridge's own OrderedDict does, so PyBridge keeps working.
    /// </summary>
    private sealed class OrderedDictionary : Hashtable
    {
        public void __setstate__(Hashtable state)
        {
            foreach (DictionaryEntry e in state)
            {
                if (e.Value is Tensor)
                {
                    this[e.Key] = e.Value;
                }
            }
        }
    }
}
