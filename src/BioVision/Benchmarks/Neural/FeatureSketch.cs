using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// A seeded sparse random projection (count sketch; Charikar et al. 2002, Weinberger et al. 2009 "feature hashing",
/// the sparse Johnson–Lindenstrauss transform of Kane &amp; Nelson 2014 with one non-zero per column): input feature d is
/// added, with a random sign, to output bucket h(d). Inner products, hence distances and correlations, are preserved
/// in expectation with relative error of order 1/√k. Hand-written because it has to run on the activations' device
/// batch by batch: a dense Gaussian projection of a 1.6-million-feature V1 layer to 4096 features would need a 26 GB
/// matrix, this one needs two index vectors.
/// </summary>
internal sealed class FeatureSketch : IDisposable
{
    private readonly Tensor _bucket;
    private readonly Tensor _sign;

    public FeatureSketch(long inputFeatures, int outputFeatures, long seed, Device device)
    {
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
        using var generator = new Generator((ulong)seed);
        using var scope = NewDisposeScope();
        // Drawn on the CPU so the projection is the same on every device, then moved once; owned by this object, not
        // by whatever dispose scope the caller has open.
        _bucket = randint(outputFeatures, [inputFeatures], dtype: ScalarType.Int64, generator: generator).to(device).DetachFromDisposeScope();
        _sign = randint(2, [inputFeatures], dtype: ScalarType.Float32, generator: generator).mul_(2).sub_(1).to(device).DetachFromDisposeScope();
    }

    public long InputFeatures { get; }

    public int OutputFeatures { get; }

    /// <summary>Projects <c>[n, InputFeatures]</c> to <c>[n, OutputFeatures]</c> (float32, same device).</summary>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        var signed = x.to(ScalarType.Float32).mul(_sign.unsqueeze(0));
        var y = zeros([x.shape[0], OutputFeatures], dtype: ScalarType.Float32, device: x.device);
        y.index_add_(1, _bucket, signed, 1);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>A seed for one layer: FNV-1a of its name mixed with the run's seed, so layers get independent projections.</summary>
    public static long LayerSeed(long seed, string layer)
    {
        ulong h = 14695981039346656037UL ^ (ulong)seed;
        foreach (char c in layer)
        {
            h ^= c;
            h *= 1099511628211UL;
        }

        return (long)(h & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    public void Dispose()
    {
        _bucket.Dispose();
        _sign.Dispose();
    }
}
