using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Serialization;

/// <summary>
/// Loads tensors by name into a module, the way PyTorch's <c>load_state_dict</c> does, but reporting every missing,
/// unexpected and mis-shaped key by name, checking everything before writing anything, and running the
/// <see cref="ILoadStateDictHooks"/> of the target's modules (the VOneBlock translates its legacy layouts and re-derives
/// its packed filters through them).
/// </summary>
public static class StateDictLoader
{
    /// <summary>Copies matching tensors of <paramref name="source"/> into <paramref name="target"/> (values converted to the target's dtype and device).</summary>
    /// <param name="target">The module to load into.</param>
    /// <param name="source">Tensors by state-dict key (not modified; the caller keeps ownership).</param>
    /// <param name="options">Strictness, skipped and ignored keys (null: strict).</param>
    /// <returns>What was loaded and what did not match.</returns>
    /// <exception cref="StateDictMismatchException">Strict and some key is missing, unexpected or mis-shaped (nothing is loaded).</exception>
    public static StateDictLoadReport Load(nn.Module target, IReadOnlyDictionary<string, Tensor> source, StateDictLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new StateDictLoadOptions();
        var hooked = Hooked(target);
        var translated = new Dictionary<string, Tensor>(source, StringComparer.Ordinal);
        var created = new List<Tensor>();
        var translations = new List<string>();
        try
        {
            foreach (var (prefix, module) in hooked)
            {
                module.PreLoadStateDict(translated, prefix, created, translations);
            }

            var destination = target.state_dict();
            var skip = new HashSet<string>(options.Skip, StringComparer.Ordinal);
            var ignore = new HashSet<string>(options.Ignore, StringComparer.Ordinal);
            var missing = new List<string>();
            var mismatched = new List<ShapeMismatch>();
            var pairs = new List<(Tensor Destination, Tensor Source)>();
            foreach (var (key, tensor) in destination)
            {
                if (skip.Contains(key))
                {
                    continue;
                }

                if (!translated.TryGetValue(key, out var value))
                {
                    missing.Add(key);
                }
                else if (!tensor.shape.SequenceEqual(value.shape))
                {
                    mismatched.Add(new ShapeMismatch(key, tensor.shape, value.shape));
                }
                else
                {
                    pairs.Add((tensor, value));
                }
            }

            var unexpected = translated.Keys.Where(k => !destination.ContainsKey(k) && !skip.Contains(k) && !ignore.Contains(k)).Order(StringComparer.Ordinal).ToList();
            var ignored = translated.Keys.Where(k => !destination.ContainsKey(k) && ignore.Contains(k)).Order(StringComparer.Ordinal).ToList();
            var report = new StateDictLoadReport
            {
                Loaded = pairs.Count,
                Missing = missing,
                Unexpected = unexpected,
                Mismatched = mismatched,
                Ignored = ignored,
                Translations = translations,
            };
            if (options.Strict && !report.IsComplete)
            {
                throw new StateDictMismatchException(report with { Loaded = 0 });
            }

            using (torch.no_grad())
            {
                foreach (var (dst, src) in pairs)
                {
                    dst.copy_(src);
                }
            }

            foreach (var (_, module) in hooked)
            {
                module.PostLoadStateDict();
            }

            return report;
        }
        finally
        {
            foreach (var t in created)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Removes a prefix such as <c>module.</c> (DataParallel) from every key that has it.</summary>
    /// <param name="source">Tensors by key.</param>
    /// <param name="prefix">The prefix, with its trailing dot.</param>
    /// <returns>A new dictionary over the same tensors.</returns>
    public static Dictionary<string, Tensor> StripPrefix(IReadOnlyDictionary<string, Tensor> source, string prefix)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            result[key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key] = value;
        }

        return result;
    }

    private static List<(string Prefix, ILoadStateDictHooks Module)> Hooked(nn.Module target)
    {
        var hooked = new List<(string, ILoadStateDictHooks)>();
        if (target is ILoadStateDictHooks self)
        {
            hooked.Add(("", self));
        }

        foreach (var (name, module) in target.named_modules())
        {
            if (module is ILoadStateDictHooks hooks && !ReferenceEquals(module, target))
            {
                hooked.Add((name + ".", hooks));
            }
        }

        return hooked;
    }
}
