using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.V1;

/// <summary>
/// A simulated primary visual cortex (VOneBlock of Dapello et al. 2020): a fixed bank of Gabor quadrature pairs, simple
/// cells <c>relu(q0)</c>, complex cells <c>√(q0² + q1²)/√2</c>, the gain <c>k_exc</c>, and stochastic (Poisson-like or
/// Gaussian) noise. Input <c>[N, InputChannels, H, W]</c>; output <c>[N, S + C, ⌊(H + 2⌊k/2⌋ − k)/stride⌋ + 1, …]</c>.
/// </summary>
/// <remarks>
/// <para>Faithful to the reference with <see cref="NoiseMode.None"/> (outputs agree to float32 rounding, see the golden
/// tests). Differences, each a fix: no in-place operations (input gradients work, the reference raises); the complex-cell
/// root has a finite gradient at zero (<see cref="VOneBlockOptions.FiniteComplexGradient"/>, on by default, forward values
/// unchanged); quadrature pairs can share a colour channel (<see cref="QuadratureColor.Shared"/>, off by default since it
/// changes numbers); fixed noise works for any batch size and is seeded (<see cref="NoiseControl.FixedSeed"/>), and fixed
/// Gaussian noise is scaled by <c>NoiseScale</c> (the reference forgets the scale for fixed Gaussian noise).</para>
/// <para>The Gabor weights are persistent buffers (not trained), so <c>.to(device)</c> moves them and they appear in the
/// state dict as <c>weight</c> (<c>[InputChannels·m, 1, k, k]</c>, colour group <c>c</c> in rows <c>c·m ..</c>), <c>gather_index</c> and
/// <c>compact_index</c> (filter order), or
/// <c>q0_weight</c>/<c>q1_weight</c> (dense, <c>[S + C, InputChannels, k, k]</c>).</para>
/// </remarks>
public sealed class VOneBlock : nn.Module<Tensor, Tensor>, Models.IStochasticModule
{
    private const double NeuronalEpsilon = 1e-4;

    private readonly Tensor? weight;
    private readonly Tensor? gather_index;
    private readonly Tensor? q0_weight;
    private readonly Tensor? q1_weight;
    private readonly Tensor? compact_index;
    private readonly int _groups;
    private readonly int _perGroup;
    private readonly int[] _counts = [];
    private Generator? _noiseGenerator;
    private ulong? _noiseSeed;

    /// <summary>Builds the block, sampling parameters with <see cref="V1Sampler"/> unless they are given.</summary>
    /// <param name="options">Options (null: reference defaults).</param>
    /// <param name="parameters">Explicit filter parameters (must match the options' channel counts), or null to sample.</param>
    /// <param name="device">Device for the weights (CPU when null).</param>
    /// <exception cref="ArgumentException">Options and parameters disagree.</exception>
    public VOneBlock(VOneBlockOptions? options = null, V1Parameters? parameters = null, Device? device = null) : base(nameof(VOneBlock))
    {
        Options = (options ?? new VOneBlockOptions()).Validate();
        Parameters = (parameters ?? V1Sampler.Sample(Options.SimpleChannels, Options.ComplexChannels, Options.Sampler, Options.InputChannels)).Validate();
        if (Parameters.SimpleChannels != Options.SimpleChannels || Parameters.ComplexChannels != Options.ComplexChannels || Parameters.InputChannels != Options.InputChannels)
        {
            throw new ArgumentException(
                $"V1 parameters ({Parameters.SimpleChannels} simple, {Parameters.ComplexChannels} complex, {Parameters.InputChannels} input channels) " +
                $"do not match the options ({Options.SimpleChannels}, {Options.ComplexChannels}, {Options.InputChannels}).", nameof(parameters));
        }

        device ??= CPU;
        int k = Options.KernelSize;
        int s = Options.SimpleChannels;
        int n = Options.OutputChannels;
        int cin = Options.InputChannels;
        if (Options.Implementation == GfbImplementation.Dense)
        {
            var w0 = new float[n * cin * k * k];
            var w1 = new float[n * cin * k * k];
            for (int i = 0; i < n; i++)
            {
                Kernel(i, 0).CopyTo(w0, ((i * cin) + Parameters.ColorChannel[i]) * k * k);
                Kernel(i, Math.PI / 2).CopyTo(w1, ((i * cin) + Parameters.QuadratureColorChannel[i]) * k * k);
            }

            q0_weight = torch.tensor(w0, new long[] { n, cin, k, k }, ScalarType.Float32, device);
            q1_weight = torch.tensor(w1, new long[] { n, cin, k, k }, ScalarType.Float32, device);
            _groups = 1;
        }
        else
        {
            // Filters computed: q0 of every channel, then q1 of complex channels only.
            var filters = new List<(int Channel, int Index, double PhaseShift)>();
            for (int i = 0; i < n; i++)
            {
                filters.Add((Parameters.ColorChannel[i], i, 0));
            }

            for (int i = s; i < n; i++)
            {
                filters.Add((Parameters.QuadratureColorChannel[i], i, Math.PI / 2));
            }

            var counts = new int[cin];
            foreach (var f in filters)
            {
                counts[f.Channel]++;
            }

            int m = Math.Max(1, counts.Max());
            var w = new float[cin * m * k * k];
            var gather = new long[filters.Count];
            var rank = new int[cin];
            for (int j = 0; j < filters.Count; j++)
            {
                var f = filters[j];
                int position = (f.Channel * m) + rank[f.Channel]++;
                gather[j] = position;
                Kernel(f.Index, f.PhaseShift).CopyTo(w, position * k * k);
            }

            var compact = new long[filters.Count];
            for (int j = 0; j < filters.Count; j++)
            {
                int channel = (int)(gather[j] / m);
                compact[j] = counts.Take(channel).Sum() + (gather[j] - ((long)channel * m));
            }

            weight = torch.tensor(w, new long[] { cin * m, 1, k, k }, ScalarType.Float32, device);
            gather_index = torch.tensor(gather, new long[] { gather.Length }, ScalarType.Int64, device);
            compact_index = torch.tensor(compact, new long[] { compact.Length }, ScalarType.Int64, device);
            _groups = cin;
            _perGroup = m;
            _counts = counts;
        }

        RegisterComponents();
    }

    /// <summary>The options the block was built with.</summary>
    public VOneBlockOptions Options { get; }

    /// <summary>The filter parameters (inspect, save with <see cref="V1Parameters.Save"/>, edit and rebuild).</summary>
    public V1Parameters Parameters { get; }

    /// <summary>Number of output channels (simple + complex).</summary>
    public int OutputChannels => Options.OutputChannels;

    /// <summary>Side of the output map for a square input of side <paramref name="inputSize"/>.</summary>
    /// <param name="inputSize">Input side in pixels.</param>
    public int OutputSize(int inputSize) => ((inputSize + (2 * (Options.KernelSize / 2)) - Options.KernelSize) / Options.Stride) + 1;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (simple, complex) = Cells(input);
        var output = torch.cat(new[] { simple, complex }, 1).mul(Options.KExc);
        return ApplyNoise(output).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The noiseless simple-cell (<c>relu(q0)</c>) and complex-cell (<c>√(q0² + q1²)/√2</c>) responses before <c>k_exc</c>.
    /// </summary>
    /// <param name="input">Images <c>[N, InputChannels, H, W]</c>.</param>
    public (Tensor Simple, Tensor Complex) Cells(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (q0s, q0c, q1c) = Responses(input);
        var simple = nn.functional.relu(q0s);
        var energy = q0c.square().add(q1c.square());
        Tensor root;
        if (Options.FiniteComplexGradient && torch.is_grad_enabled() && energy.requires_grad)
        {
            // Same forward values as sqrt; the gradient at zero energy is 0 instead of NaN (0 · ∞).
            var positive = energy.gt(0);
            root = torch.where(positive, torch.where(positive, energy, torch.ones_like(energy)).sqrt(), torch.zeros_like(energy));
        }
        else
        {
            root = energy.sqrt();
        }

        var complex = root.div(Math.Sqrt(2.0));
        return (simple.MoveToOuterDisposeScope(), complex.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Raw linear filter responses: q0 of the simple cells, q0 and q1 of the complex cells (channels in block order).
    /// </summary>
    /// <param name="input">Images <c>[N, InputChannels, H, W]</c>.</param>
    /// <exception cref="ArgumentException">The input is not a 4-D floating tensor with the expected channel count, or (on the CPU) contains NaN.</exception>
    public (Tensor SimpleQ0, Tensor ComplexQ0, Tensor ComplexQ1) Responses(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != Options.InputChannels)
        {
            throw new ArgumentException(
                $"VOneBlock expects input [N, {Options.InputChannels}, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (!input.is_floating_point())
        {
            throw new ArgumentException($"VOneBlock expects a floating-point input; got {input.dtype}.", nameof(input));
        }

        using var scope = NewDisposeScope();
        // Checked on the CPU only: on a GPU the check would synchronise the device on every forward pass.
        if (input.device_type == DeviceType.CPU && input.isnan().any().item<bool>())
        {
            throw new ArgumentException("VOneBlock input contains NaN values.", nameof(input));
        }

        int s = Options.SimpleChannels;
        int c = Options.ComplexChannels;
        long pad = Options.KernelSize / 2;
        var strides = new long[] { Options.Stride, Options.Stride };
        var padding = new long[] { pad, pad };
        Tensor q0s, q0c, q1c;
        if (weight is not null && gather_index is not null && compact_index is not null)
        {
            var w = weight.to(input.dtype);
            Tensor all;
            if (Options.Implementation == GfbImplementation.Grouped)
            {
                all = nn.functional.conv2d(input, w, null, strides, padding, groups: _groups).index_select(1, gather_index);
            }
            else if (Options.Implementation == GfbImplementation.PerChannel)
            {
                var parts = new List<Tensor>();
                for (int ch = 0; ch < _groups; ch++)
                {
                    if (_counts[ch] > 0)
                    {
                        parts.Add(nn.functional.conv2d(input.narrow(1, ch, 1), w.narrow(0, (long)ch * _perGroup, _counts[ch]), null, strides, padding));
                    }
                }

                all = torch.cat(parts, 1).index_select(1, compact_index);
            }
            else
            {
                long k = Options.KernelSize;
                long outH = ((input.shape[2] + (2 * pad) - k) / Options.Stride) + 1;
                long outW = ((input.shape[3] + (2 * pad) - k) / Options.Stride) + 1;
                var cols = nn.functional.unfold(input, (k, k), padding: (pad, pad), stride: (Options.Stride, Options.Stride))
                    .view(input.shape[0], _groups, k * k, -1);
                var parts = new List<Tensor>();
                for (int ch = 0; ch < _groups; ch++)
                {
                    if (_counts[ch] > 0)
                    {
                        parts.Add(w.narrow(0, (long)ch * _perGroup, _counts[ch]).view(_counts[ch], k * k).matmul(cols.select(1, ch)));
                    }
                }

                all = torch.cat(parts, 1).index_select(1, compact_index).view(input.shape[0], -1, outH, outW);
            }

            q0s = all.narrow(1, 0, s);
            q0c = all.narrow(1, s, c);
            q1c = all.narrow(1, s + c, c);
        }
        else
        {
            var q0 = nn.functional.conv2d(input, q0_weight!.to(input.dtype), null, strides, padding);
            var q1 = nn.functional.conv2d(input, q1_weight!.to(input.dtype), null, strides, padding);
            q0s = q0.narrow(1, 0, s);
            q0c = q0.narrow(1, s, c);
            q1c = q1.narrow(1, s, c);
        }

        return (q0s.MoveToOuterDisposeScope(), q0c.MoveToOuterDisposeScope(), q1c.MoveToOuterDisposeScope());
    }

    /// <summary>Whether noise is applied in the module's current mode.</summary>
    public bool NoiseActive => Options.NoiseMode != NoiseMode.None && Options.NoiseControl switch
    {
        NoiseControl.Off => false,
        NoiseControl.FollowTraining => training,
        _ => true,
    };

    private Tensor ApplyNoise(Tensor x)
    {
        if (!NoiseActive)
        {
            return x.alias();
        }

        Tensor noise;
        if (Options.NoiseControl == NoiseControl.FixedSeed)
        {
            using var generator = new Generator(Options.NoiseSeed, x.device);
            noise = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        }
        else
        {
            // The block's own generator (seeded with NoiseSeed, reseeded by the trainer every epoch), not torch's global one.
            if (_noiseGenerator is null || _noiseGenerator.device.type != x.device.type || _noiseGenerator.device.index != x.device.index)
            {
                _noiseGenerator?.Dispose();
                _noiseGenerator = new Generator(_noiseSeed ?? Options.NoiseSeed, x.device);
            }

            noise = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: _noiseGenerator);
        }

        double scale = Options.NoiseScale;
        if (Options.NoiseMode == NoiseMode.Gaussian)
        {
            return nn.functional.relu(x.add(noise.mul(scale)));
        }

        double level = Options.NoiseLevel;
        if (!torch.is_grad_enabled() || !x.requires_grad)
        {
            // No autograd: the same law in fewer passes, in place on temporaries: relu(x + n·√(relu(s·x + l) + ε)/s).
            var std = x.mul(scale).add_(level).relu_().add_(NeuronalEpsilon).sqrt_();
            return std.mul_(noise).div_(scale).add_(x).relu_();
        }

        var rate = x.mul(scale).add(level);
        var noisy = rate.add(noise.mul(nn.functional.relu(rate).add(NeuronalEpsilon).sqrt()));
        return nn.functional.relu(noisy.sub(level).div(scale));
    }

    /// <summary>
    /// Restarts the generator that fresh noise (<see cref="NoiseControl.AlwaysOn"/>, <see cref="NoiseControl.FollowTraining"/>)
    /// is drawn from. Until the first call it starts from <see cref="VOneBlockOptions.NoiseSeed"/>.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public void Reseed(ulong seed)
    {
        _noiseSeed = seed;
        _noiseGenerator?.Dispose();
        _noiseGenerator = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _noiseGenerator?.Dispose();
            _noiseGenerator = null;
        }

        base.Dispose(disposing);
    }

    private float[] Kernel(int i, double phaseShift)
    {
        double ppd = Options.PixelsPerDegree;
        double f = Parameters.SpatialFrequency[i] / ppd;
        return GaborKernel.Evaluate(
            f,
            Parameters.Nx[i] / f,
            Parameters.Ny[i] / f,
            Parameters.Orientation[i] / 180 * Math.PI,
            (Parameters.Phase[i] / 180 * Math.PI) + phaseShift,
            Options.KernelSize);
    }
}
