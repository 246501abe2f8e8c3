using BioVision.Data.Transforms;
using TorchSharp;

namespace BioVision.Data;

/// <summary>
/// Cuts a dataset into batches. The order of epoch e is a permutation drawn from (seed, e) alone, and the random
/// transform of batch b of epoch e is seeded from (seed, e, b): any batch of any epoch can be produced directly, in any
/// order, and is the same every time — which makes training reproducible and resumable.
/// </summary>
public sealed class DataLoader
{
    private readonly IImageDataset _dataset;
    private int _cachedEpoch = -1;
    private int[] _cachedOrder = [];

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Batch size, shuffling, seed and transform.</param>
    public DataLoader(IImageDataset dataset, DataLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        if (dataset.Count == 0)
        {
            throw new ArgumentException("The dataset is empty.", nameof(dataset));
        }

        _dataset = dataset;
        Options = options;
    }

    /// <summary>The loader's options.</summary>
    public DataLoaderOptions Options { get; }

    /// <summary>The dataset.</summary>
    public IImageDataset Dataset => _dataset;

    /// <summary>Number of batches in one epoch.</summary>
    public int BatchesPerEpoch => Options.DropLast
        ? Math.Max(1, _dataset.Count / Options.BatchSize)
        : (_dataset.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the images.</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    public IReadOnlyList<int> Order(int epoch) => OrderArray(epoch);

    /// <summary>Produces batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/> on <paramref name="device"/>.</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    /// <param name="batchIndex">Zero-based batch within the epoch.</param>
    /// <param name="device">Where the tensors go; null means the CPU.</param>
    public Batch GetBatch(int epoch, int batchIndex, torch.Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, BatchesPerEpoch);
        int[] order = OrderArray(epoch);
        int start = batchIndex * Options.BatchSize;
        int count = Math.Min(Options.BatchSize, order.Length - start);
        var indices = order.AsSpan(start, count);
        using var scope = torch.NewDisposeScope();
        var images = _dataset is InMemoryImageDataset memory
            ? memory.Gather(indices)
            : torch.stack(indices.ToArray().Select(_dataset.GetImage));
        var labels = torch.tensor(indices.ToArray().Select(i => (long)_dataset.GetLabel(i)).ToArray());
        device ??= torch.CPU;
        images = images.to(device);
        labels = labels.to(device);
        if (Options.Transform is { } transform)
        {
            images = transform.Apply(images, new SplitMix64(SplitMix64.Mix(Options.Seed, epoch, batchIndex, 0x7A)));
        }

        return new Batch(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>All batches of an epoch in order; the caller disposes each batch.</summary>
    /// <param name="epoch">Zero-based epoch.</param>
    /// <param name="device">Where the tensors go; null means the CPU.</param>
    public IEnumerable<Batch> Batches(int epoch, torch.Device? device = null)
    {
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            yield return GetBatch(epoch, b, device);
        }
    }

    private int[] OrderArray(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch != _cachedEpoch)
        {
            _cachedOrder = Options.Shuffle
                ? new SplitMix64(SplitMix64.Mix(Options.Seed, epoch)).Permutation(_dataset.Count)
                : [.. Enumerable.Range(0, _dataset.Count)];
            _cachedEpoch = epoch;
        }

        return _cachedOrder;
    }
}
