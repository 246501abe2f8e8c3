using System.Collections;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Serialization;

/// <summary>
/// The weights (and, where recorded, the training flags and epoch) of a PyTorch file, keys cleaned of wrapper prefixes.
/// Reads <c>torch.save</c> files in the zip format (PyTorch ≥ 1.6) and the legacy format (the published VOneNet
/// <c>.pth.tar</c> files), and <c>.safetensors</c>. Layouts: a bare state dict; a checkpoint dict with the weights under
/// <c>state_dict</c> (the VOneNet and ImageNet-example training scripts: <c>flags</c>/<c>arch</c>, <c>epoch</c>,
/// <c>optimizer</c>, ...) or <c>model</c> (torchvision's reference scripts). Prefixes <c>module.</c> (DataParallel) and
/// <c>_orig_mod.</c> (torch.compile) are stripped.
/// </summary>
/// <example><code>
/// using var ckpt = PyTorchCheckpoint.Read("voneresnet50_e70.pth.tar");
/// Console.WriteLine(ckpt.Layout); // "torch.save legacy: {epoch, flags, optimizer, state_dict}; prefix 'module.' stripped"
/// </code></example>
public sealed class PyTorchCheckpoint : IDisposable
{
    private PyTorchCheckpoint(Dictionary<string, Tensor> stateDict, IReadOnlyDictionary<string, object?> flags, int? epoch, string layout, string? arch)
    {
        StateDict = stateDict;
        Flags = flags;
        Epoch = epoch;
        Layout = layout;
        Arch = arch;
    }

    /// <summary>The weights by key (CPU, contiguous; owned by this object).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict { get; }

    /// <summary>Training flags recorded with the weights (<c>flags</c> dict or <c>args</c> namespace), by name; empty when none.</summary>
    public IReadOnlyDictionary<string, object?> Flags { get; }

    /// <summary>The epoch recorded with the weights, if any.</summary>
    public int? Epoch { get; }

    /// <summary>The architecture name recorded with the weights (<c>flags.arch</c>, <c>flags.model_arch</c> or <c>arch</c>), if any.</summary>
    public string? Arch { get; }

    /// <summary>How the file was laid out, for reports: format, top-level keys, prefixes stripped.</summary>
    public string Layout { get; }

    /// <summary>The one line of Python that rewrites a file in a format this reader takes (zip <c>torch.save</c>).</summary>
    public const string ConversionHint =
        "python3 -c \"import sys, torch; torch.save(torch.load(sys.argv[1], map_location='cpu'), sys.argv[2])\" IN.pth OUT.pth";

    /// <summary>Reads a file.</summary>
    /// <param name="path">A <c>.pth</c>, <c>.pth.tar</c>, <c>.pt</c>, <c>.bin</c> or <c>.safetensors</c> file.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="DataFormatException">The file is not a PyTorch file this reader can follow; the message gives the one-line conversion.</exception>
    public static PyTorchCheckpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No such checkpoint: '{path}'.", path);
        }

        if (IsSafetensors(path))
        {
            var tensors = TorchSharp.PyBridge.Safetensors.LoadStateDict(path);
            return Clean(tensors, new Dictionary<string, object?>(), null, "safetensors", null);
        }

        TorchPickleReader.Result result;
        try
        {
            result = TorchPickleReader.Read(path);
        }
        catch (DataFormatException e)
        {
            throw new DataFormatException($"{e.Message} If it is a PyTorch file of another kind, convert it with: {ConversionHint}", e);
        }

        using (result)
        {
            object part = TorchPickleReader.StateDictPart(result.Root);
            if (part is not Hashtable weights)
            {
                throw new DataFormatException($"'{path}' holds a {result.Root.GetType().Name}, not a state dict (save model.state_dict(), not the model).");
            }

            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                foreach (DictionaryEntry e in weights)
                {
                    if (e.Value is TorchPickleReader.DeferredTensor t)
                    {
                        tensors[(string)e.Key] = result.Materialize(t);
                    }
                }
            }
            catch
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }

                throw;
            }

            var flags = new Dictionary<string, object?>(StringComparer.Ordinal);
            string? arch = null;
            int? epoch = null;
            string layout = "torch.save " + result.Format + ": state dict";
            if (!ReferenceEquals(part, result.Root) && result.Root is Hashtable top)
            {
                layout = "torch.save " + result.Format + ": {" + string.Join(", ", top.Keys.Cast<object>().Select(k => k.ToString()).Order(StringComparer.Ordinal)) + "}";
                var recorded = top["flags"] as IDictionary ?? top["args"] as IDictionary;
                if (recorded is not null)
                {
                    foreach (DictionaryEntry e in recorded)
                    {
                        flags[e.Key.ToString()!] = e.Value is string or bool or int or long or double or null ? e.Value : e.Value.ToString();
                    }
                }

                arch = (flags.GetValueOrDefault("arch") ?? flags.GetValueOrDefault("model_arch") ?? flags.GetValueOrDefault("model") ?? top["arch"]) as string;
                if (top["epoch"] is int or long)
                {
                    epoch = Convert.ToInt32(top["epoch"], CultureInfo.InvariantCulture);
                }
            }

            return Clean(tensors, flags, epoch, layout, arch);
        }
    }

    /// <summary>A flag as a string (null when absent or None).</summary>
    /// <param name="name">Flag name.</param>
    public string? FlagString(string name) => Flags.GetValueOrDefault(name)?.ToString();

    /// <summary>A numeric flag (null when absent, None or not a number).</summary>
    /// <param name="name">Flag name.</param>
    public double? FlagNumber(string name) => Flags.GetValueOrDefault(name) switch
    {
        int i => i,
        long l => l,
        double d => d,
        _ => null,
    };

    /// <summary>Whether a flag is recorded (even as None).</summary>
    /// <param name="name">Flag name.</param>
    public bool HasFlag(string name) => Flags.ContainsKey(name);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in StateDict.Values)
        {
            t.Dispose();
        }
    }

    private static PyTorchCheckpoint Clean(Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, object?> flags, int? epoch, string layout, string? arch)
    {
        var stripped = new List<string>();
        foreach (string prefix in new[] { "module.", "_orig_mod." })
        {
            if (tensors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)))
            {
                tensors = StateDictLoader.StripPrefix(tensors, prefix);
                stripped.Add(prefix);
            }
        }

        if (stripped.Count > 0)
        {
            layout += "; prefix " + string.Join(", ", stripped.Select(p => $"'{p}'")) + " stripped";
        }

        return new PyTorchCheckpoint(tensors, flags, epoch, layout, arch);
    }

    private static bool IsSafetensors(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[9];
        if (stream.Read(head, 0, 9) < 9)
        {
            return false;
        }

        ulong headerLength = BitConverter.ToUInt64(head, 0);
        return head[8] == (byte)'{' && headerLength > 1 && headerLength < (ulong)stream.Length;
    }
}
