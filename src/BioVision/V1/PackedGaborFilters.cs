using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.V1;

/// <summary>
/// The per-colour packing of a VOneBlock's dense filters that <see cref="GfbImplementation.PerChannel"/>,
/// <see cref="GfbImplementation.Grouped"/> and <see cref="GfbImplementation.Unfold"/> run on: only the filters that are
/// used (q0 of every channel, q1 of complex channels), grouped by the single input channel each one reads. Derived from
/// the canonical <c>simple_conv_q0/q1.weight</c>; never saved.
/// </summary>
internal sealed class PackedGaborFilters : IDisposable
{
    private PackedGaborFilters(Tensor weight, Tensor gatherIndex, Tensor compactIndex, int perGroup, int[] counts, bool compactIsIdentity)
    {
        CompactIsIdentity = compactIsIdentity;
        Weight = weight;
        GatherIndex = gatherIndex;
        CompactIndex = compactIndex;
        PerGroup = perGroup;
        Counts = counts;
    }

    /// <summary>Filters <c>[InputChannels·m, 1, k, k]</c>; colour group <c>c</c> in rows <c>c·m ..</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>For each used filter (q0 of all channels, then q1 of complex channels), its row in <see cref="Weight"/>.</summary>
    public Tensor GatherIndex { get; }

    /// <summary>For each used filter, its position among the rows actually computed (groups without padding).</summary>
    public Tensor CompactIndex { get; }

    /// <summary>
    /// Whether <see cref="CompactIndex"/> is <c>0, 1, 2, ...</c> (a grayscale block: one group, filters in order), so that
    /// the rows computed are already the used filters in order and need no gather.
    /// </summary>
    public bool CompactIsIdentity { get; }

    /// <summary>Rows per colour group, <c>m</c>.</summary>
    public int PerGroup { get; }

    /// <summary>Filters per colour group.</summary>
    public int[] Counts { get; }

    /// <summary>
    /// Packs dense filters, or returns null when some filter reads more than one input channel (then only the dense
    /// formulation can compute it). Reads the filters' channel layout back to the host once.
    /// </summary>
    /// <param name="q0">Phase-0 filters <c>[S + C, InputChannels, k, k]</c>.</param>
    /// <param name="q1">Phase-π/2 filters, same shape.</param>
    /// <param name="simpleChannels">Number of simple cells <c>S</c>.</param>
    public static PackedGaborFilters? TryPack(Tensor q0, Tensor q1, int simpleChannels)
    {
        using var scope = NewDisposeScope();
        int n = (int)q0.shape[0];
        int cin = (int)q0.shape[1];
        long k = q0.shape[2];
        var channel0 = ChannelOf(q0);
        var channel1 = ChannelOf(q1);
        if (channel0 is null || channel1 is null)
        {
            return null;
        }

        // Filters computed: q0 of every channel, then q1 of complex channels only. Source rows index
        // cat(q0, q1).view(2·n·cin, k²).
        var sourceRows = new List<long>();
        var channels = new List<int>();
        for (int i = 0; i < n; i++)
        {
            sourceRows.Add(((long)i * cin) + channel0[i]);
            channels.Add(channel0[i]);
        }

        for (int i = simpleChannels; i < n; i++)
        {
            sourceRows.Add(((long)(n + i) * cin) + channel1[i]);
            channels.Add(channel1[i]);
        }

        var counts = new int[cin];
        foreach (int c in channels)
        {
            counts[c]++;
        }

        int m = Math.Max(1, counts.Max());
        var gather = new long[channels.Count];
        var rank = new int[cin];
        for (int j = 0; j < channels.Count; j++)
        {
            gather[j] = ((long)channels[j] * m) + rank[channels[j]]++;
        }

        var compact = new long[channels.Count];
        for (int j = 0; j < channels.Count; j++)
        {
            int c = (int)(gather[j] / m);
            compact[j] = counts.Take(c).Sum() + (gather[j] - ((long)c * m));
        }

        var device = q0.device;
        var source = torch.cat(new[] { q0, q1 }).reshape(2L * n * cin, k * k);
        var gatherIndex = torch.tensor(gather, new long[] { gather.Length }, ScalarType.Int64, device);
        var packed = torch.zeros(new long[] { (long)cin * m, k * k }, q0.dtype, device)
            .index_copy_(0, gatherIndex, source.index_select(0, torch.tensor(sourceRows.ToArray(), ScalarType.Int64, device)))
            .view(cin * m, 1, k, k);
        var compactIndex = torch.tensor(compact, new long[] { compact.Length }, ScalarType.Int64, device);
        return new PackedGaborFilters(packed.MoveToOuterDisposeScope(), gatherIndex.MoveToOuterDisposeScope(), compactIndex.MoveToOuterDisposeScope(), m, counts,
            compact.Select((position, j) => position == j).All(same => same));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Weight.Dispose();
        GatherIndex.Dispose();
        CompactIndex.Dispose();
    }

    /// <summary>The one input channel each filter reads (0 for an all-zero filter), or null if one reads several.</summary>
    private static int[]? ChannelOf(Tensor filters)
    {
        using var scope = NewDisposeScope();
        int n = (int)filters.shape[0];
        int cin = (int)filters.shape[1];
        var used = filters.detach().ne(0).any(-1).any(-1).cpu().data<bool>().ToArray();
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int found = 0;
            for (int c = 0; c < cin; c++)
            {
                if (used[(i * cin) + c])
                {
                    result[i] = c;
                    found++;
                }
            }

            if (found > 1)
            {
                return null;
            }
        }

        return result;
    }
}
