using BioVision.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// One fixed filter bank of the <see cref="SubcorticalBlock"/>, as a reference <c>nn.Conv2d(padding='same',
/// padding_mode='reflect', bias=False)</c>: a weight <c>[out, in/groups, k, k]</c> (state-dict key <c>weight</c>) applied
/// with stride 1 after reflect padding of ⌊k/2⌋ pixels on every side, so the output has the input's size.
/// </summary>
/// <remarks>
/// The weight is a persistent buffer (moved by <c>.to(device)</c>, saved, never trained; the reference's frozen parameter
/// loads into it by name). The module is deliberately not a TorchSharp <c>Conv2d</c>: model initialisation
/// (<c>BioVision.Models.Initialisation.ResetParameters</c>) re-draws every <c>Conv2d</c>, which would erase the filters.
/// <para><b>Separable evaluation.</b> The block's filters are Gaussians (contrast normalisation: rank 1) and sums of two
/// Gaussians (difference of Gaussians: rank 2), and a sum of R separable kernels costs <c>2·R·k</c> taps per pixel instead
/// of <c>k²</c> (at 28 px the M pathway's 43 × 43 and 55 × 55 filters, 27× fewer). So each <c>k × k</c> kernel is
/// factored once (singular value decomposition in float64, <see cref="RefreshFactors"/>) into at most
/// <see cref="MaxSeparableRank"/> products of a column and a row filter, and the bank runs as a row pass and a column pass
/// over the same reflect-padded input. A weight that does not factor within <see cref="FactorTolerance"/> of its largest
/// entry (loaded from elsewhere) runs as the plain 2-D convolution, and so does a float64 input (the factorisation is
/// exact to float32 precision only, and float64 runs are for checking formulas). The factors are re-derived whenever the weight is loaded through
/// BioVision's loaders or moved; call <see cref="RefreshFactors"/> after writing into <see cref="Weight"/> by other means.
/// The values equal the 2-D convolution's to float32 rounding (a different summation order).</para>
/// </remarks>
public sealed class ReflectConvolution : nn.Module<Tensor, Tensor>, ILoadStateDictHooks
{
    /// <summary>Most separable terms per kernel before the 2-D convolution is used instead.</summary>
    public const int MaxSeparableRank = 3;

    /// <summary>
    /// Largest entry of (kernel − its separable factorisation), relative to the kernel's largest entry, that is accepted
    /// (2e-7: a few float32 roundings, the precision the stored weights have).
    /// </summary>
    public const double FactorTolerance = 2e-7;

    private readonly Tensor weight;
    private Tensor? _rows;
    private Tensor? _columns;
    private int _rank;

    /// <summary>Wraps a filter weight.</summary>
    /// <param name="weight">Filters <c>[out, in/groups, k, k]</c>, square with odd side (the module takes ownership).</param>
    /// <param name="groups">Convolution groups (the contrast normalisation's filters are depthwise).</param>
    /// <exception cref="ArgumentException">The weight is not 4-D with square odd kernels, or its output count is not a multiple of the groups.</exception>
    public ReflectConvolution(Tensor weight, int groups = 1) : base(nameof(ReflectConvolution))
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3] || weight.shape[2] % 2 == 0 || weight.shape[0] % groups != 0)
        {
            throw new ArgumentException(
                $"A reflect convolution needs a weight [out, in/groups, k, k] with odd k and out divisible by {groups} groups; got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        this.weight = weight;
        Groups = groups;
        RegisterComponents();
        RefreshFactors();
    }

    /// <summary>Whether the bank runs as separable row and column passes (see the remarks), rather than as a 2-D convolution.</summary>
    public bool Separable => _rows is not null;

    /// <summary>
    /// Factors every kernel of <see cref="Weight"/> into at most <see cref="MaxSeparableRank"/> separable terms, or clears
    /// the factors (the 2-D convolution runs) when a kernel does not factor within <see cref="FactorTolerance"/> of its largest entry or the
    /// kernel is too small for it to pay.
    /// </summary>
    public void RefreshFactors()
    {
        _rows?.Dispose();
        _columns?.Dispose();
        (_rows, _columns, _rank) = (null, null, 0);
        int k = KernelSize;
        if (k < 7)
        {
            return;
        }

        using var scope = NewDisposeScope();
        // Small dense algebra (at most a few 69 × 69 SVDs, once per load): MathNet, on a float64 copy of the weight.
        double[] values = weight.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        long kernels = weight.shape[0] * weight.shape[1];
        var factors = new List<(double[] Column, double[] Row)[]>();
        int rank = 0;
        for (long n = 0; n < kernels; n++)
        {
            var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k, (r, c) => values[(n * k * k) + (r * k) + c]);
            double largest = matrix.Enumerate().Max(Math.Abs);
            var terms = new List<(double[], double[])>();
            if (largest > 0)
            {
                var svd = matrix.Svd(computeVectors: true);
                var approximation = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k);
                for (int t = 0; t < k && terms.Count <= MaxSeparableRank; t++)
                {
                    if (approximation.Subtract(matrix).Enumerate().Max(Math.Abs) <= FactorTolerance * largest)
                    {
                        break;
                    }

                    double sigma = svd.S[t];
                    var column = svd.U.Column(t).Multiply(Math.Sqrt(sigma));
                    var row = svd.VT.Row(t).Multiply(Math.Sqrt(sigma));
                    approximation = approximation.Add(column.OuterProduct(row));
                    terms.Add((column.ToArray(), row.ToArray()));
                }

                if (terms.Count > MaxSeparableRank || approximation.Subtract(matrix).Enumerate().Max(Math.Abs) > FactorTolerance * largest)
                {
                    return;
                }
            }

            factors.Add([.. terms]);
            rank = Math.Max(rank, terms.Count);
        }

        if (rank == 0 || 2 * rank * k >= k * k)
        {
            return;
        }

        // Intermediate channel (input c, output within its group, term) as torch orders a grouped convolution's outputs:
        // input channel c = g·(in/groups) + j feeds the row filters of every output o of group g and every term r.
        long perGroupIn = weight.shape[1], perGroupOut = weight.shape[0] / Groups, inputs = perGroupIn * Groups;
        var rows = new float[inputs * perGroupOut * rank * k];
        var columns = new float[inputs * perGroupOut * rank * k];
        for (int g = 0; g < Groups; g++)
        {
            for (long j = 0; j < perGroupIn; j++)
            {
                long c = (g * perGroupIn) + j;
                for (long o = 0; o < perGroupOut; o++)
                {
                    var terms = factors[(int)((((g * perGroupOut) + o) * perGroupIn) + j)];
                    for (int r = 0; r < terms.Length; r++)
                    {
                        long channel = (((c * perGroupOut) + o) * rank) + r;
                        for (int a = 0; a < k; a++)
                        {
                            rows[(channel * k) + a] = (float)terms[r].Column[a];
                            columns[(channel * k) + a] = (float)terms[r].Row[a];
                        }
                    }
                }
            }
        }

        long intermediate = inputs * perGroupOut * rank;
        _rows = torch.tensor(rows, new long[] { intermediate, 1, k, 1 }, ScalarType.Float32, weight.device).DetachFromDisposeScope();
        _columns = torch.tensor(columns, new long[] { intermediate, 1, 1, k }, ScalarType.Float32, weight.device).DetachFromDisposeScope();
        _rank = rank;
    }

    /// <inheritdoc />
    void ILoadStateDictHooks.PreLoadStateDict(Dictionary<string, Tensor> source, string prefix, List<Tensor> created, List<string> notes)
    {
    }

    /// <inheritdoc />
    void ILoadStateDictHooks.PostLoadStateDict() => RefreshFactors();

    /// <inheritdoc />
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        var result = base._to(device, dtype, non_blocking);
        RefreshFactors();
        return result;
    }

    /// <inheritdoc />
    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        var result = base._to(deviceType, deviceIndex, non_blocking);
        RefreshFactors();
        return result;
    }

    /// <inheritdoc />
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        var result = base._to(dtype, non_blocking);
        RefreshFactors();
        return result;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows?.Dispose();
            _columns?.Dispose();
            (_rows, _columns) = (null, null);
        }

        base.Dispose(disposing);
    }

    /// <summary>The filters <c>[out, in/groups, k, k]</c> (the registered buffer; <c>.to(device)</c> replaces it).</summary>
    public Tensor Weight => weight;

    /// <summary>Convolution groups.</summary>
    public int Groups { get; }

    /// <summary>Kernel side <c>k</c>.</summary>
    public int KernelSize => (int)weight.shape[2];

    /// <summary>Input channels read, <c>(in/groups)·groups</c>.</summary>
    public long InputChannels => weight.shape[1] * Groups;

    /// <summary>Output channels.</summary>
    public long OutputChannels => weight.shape[0];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is smaller than the reflect padding allows (a side of at most ⌊k/2⌋ pixels).</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long pad = KernelSize / 2;
        if (pad == 0)
        {
            return nn.functional.conv2d(input, weight.to(input.dtype), groups: Groups);
        }

        if (input.dim() != 4 || input.shape[2] <= pad || input.shape[3] <= pad)
        {
            throw new ArgumentException(
                $"A {KernelSize}×{KernelSize} filter with reflect padding needs images larger than {pad} pixels per side; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(input, [pad, pad, pad, pad], PaddingModes.Reflect);
        if (_rows is { } rowFilters && _columns is { } columnFilters && input.dtype != ScalarType.Float64)
        {
            long n = input.shape[0], h = input.shape[2], w = input.shape[3];
            long inputs = InputChannels, perGroupOut = OutputChannels / Groups;
            var byRows = nn.functional.conv2d(padded, rowFilters.to(input.dtype), groups: inputs);
            var both = nn.functional.conv2d(byRows, columnFilters.to(input.dtype), groups: byRows.shape[1]);
            // [N, (group, input in group, output in group, term), H, W] -> sum over the group's inputs and the terms.
            return both.view(n, Groups, weight.shape[1], perGroupOut, _rank, h, w).sum(new long[] { 2, 4 }).view(n, OutputChannels, h, w).MoveToOuterDisposeScope();
        }

        return nn.functional.conv2d(padded, weight.to(input.dtype), groups: Groups).MoveToOuterDisposeScope();
    }
}
