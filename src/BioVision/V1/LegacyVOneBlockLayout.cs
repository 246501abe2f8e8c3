using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.V1;

/// <summary>
/// Rewrites the V1-block keys BioVision wrote before the canonical layout into <c>simple_conv_q0.weight</c> and
/// <c>simple_conv_q1.weight</c>: the dense layout's <c>q0_weight</c>/<c>q1_weight</c> are renamed; the packed layout's
/// <c>weight</c> <c>[InputChannels·m, 1, k, k]</c> is scattered back by <c>gather_index</c> (q0 of every channel, then q1
/// of the complex channels; the q1 filters of simple cells, never computed, become zero).
/// </summary>
internal static class LegacyVOneBlockLayout
{
    public static void Translate(Dictionary<string, Tensor> source, string prefix, VOneBlockOptions options, List<Tensor> created, List<string> notes)
    {
        string q0Key = prefix + "simple_conv_q0.weight";
        string q1Key = prefix + "simple_conv_q1.weight";
        if (source.ContainsKey(q0Key) || source.ContainsKey(q1Key))
        {
            return;
        }

        if (source.TryGetValue(prefix + "q0_weight", out var q0) && source.TryGetValue(prefix + "q1_weight", out var q1))
        {
            source.Remove(prefix + "q0_weight");
            source.Remove(prefix + "q1_weight");
            source[q0Key] = q0;
            source[q1Key] = q1;
            notes.Add($"{prefix}q0_weight, {prefix}q1_weight (BioVision dense layout) -> {q0Key}, {q1Key}");
            return;
        }

        if (!source.TryGetValue(prefix + "weight", out var packed) || !source.TryGetValue(prefix + "gather_index", out var gather))
        {
            return;
        }

        int n = options.OutputChannels;
        int s = options.SimpleChannels;
        int cin = options.InputChannels;
        long k = options.KernelSize;
        if (packed.dim() != 4 || packed.shape[1] != 1 || packed.shape[2] != k || packed.shape[3] != k || packed.shape[0] % cin != 0
            || gather.dim() != 1 || gather.shape[0] != n + options.ComplexChannels)
        {
            // Not the layout this block would have written: leave the keys for the report to name.
            return;
        }

        using var scope = NewDisposeScope();
        long m = packed.shape[0] / cin;
        var rows = gather.cpu().to(ScalarType.Int64).data<long>().ToArray();
        if (rows.Any(r => r < 0 || r >= packed.shape[0]))
        {
            return;
        }

        var flat = packed.detach().cpu().reshape(packed.shape[0], k * k);
        var dense0 = torch.zeros(new long[] { (long)n * cin, k * k }, packed.dtype);
        var dense1 = torch.zeros(new long[] { (long)n * cin, k * k }, packed.dtype);
        var target0 = new long[n];
        var source0 = new long[n];
        for (int i = 0; i < n; i++)
        {
            target0[i] = ((long)i * cin) + (rows[i] / m);
            source0[i] = rows[i];
        }

        var target1 = new long[n - s];
        var source1 = new long[n - s];
        for (int j = 0; j < n - s; j++)
        {
            target1[j] = ((long)(s + j) * cin) + (rows[n + j] / m);
            source1[j] = rows[n + j];
        }

        dense0.index_copy_(0, torch.tensor(target0), flat.index_select(0, torch.tensor(source0)));
        if (target1.Length > 0)
        {
            dense1.index_copy_(0, torch.tensor(target1), flat.index_select(0, torch.tensor(source1)));
        }

        var w0 = dense0.view(n, cin, k, k).MoveToOuterDisposeScope();
        var w1 = dense1.view(n, cin, k, k).MoveToOuterDisposeScope();
        created.Add(w0);
        created.Add(w1);
        source.Remove(prefix + "weight");
        source.Remove(prefix + "gather_index");
        source.Remove(prefix + "compact_index");
        source[q0Key] = w0;
        source[q1Key] = w1;
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{prefix}weight, {prefix}gather_index, {prefix}compact_index (BioVision packed layout, {m} filters per colour) -> {q0Key}, {q1Key}"));
    }
}
