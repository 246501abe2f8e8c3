using BioVision.Serialization;
using BioVision.Stochastic;
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
/// <para>State dict (the same for every <see cref="GfbImplementation"/>, named as the reference names it):
/// <c>simple_conv_q0.weight</c> and <c>simple_conv_q1.weight</c>, dense <c>[S + C, InputChannels, k, k]</c> persistent
/// buffers (<see cref="GaborFilterBank"/>); there is no noise state (the noise seed lives in the options). The per-colour
/// packed filters the default implementations run on are derived from them whenever they are loaded
/// (<see cref="RefreshPackedFilters"/>); filters that read more than one colour channel run densely. Checkpoints written
/// before this layout (<c>weight</c>/<c>gather_index</c>/<c>compact_index</c> or <c>q0_weight</c>/<c>q1_weight</c>) still load
/// through <c>load</c>/<c>load_state_dict</c> and <see cref="StateDictLoader"/>.</para>
/// <para>Variants of the front-end zoo, each one option: divisive normalisation of the cells before the noise
/// (<see cref="VOneBlockOptions.Normalization"/>), EVNet's noise (<see cref="VOneBlockOptions.FanoFactor"/>,
/// <see cref="VOneBlockOptions.NoiseOutput"/>) and sampler (<see cref="V1Distribution.EVNet"/>), trainable filters
/// (<see cref="VOneBlockOptions.TrainableFilters"/>, the learned-V1 control; the weights are then parameters under the same
/// names) and random filters (<see cref="VOneBlockOptions.Filters"/>). The forward order is
/// <c>cells → k_exc → normalisation → noise</c>.</para>
/// </remarks>
public sealed class VOneBlock : nn.Module<Tensor, Tensor>, IStochasticModule, ILoadStateDictHooks
{
    private const double NeuronalEpsilon = 1e-4;

    private readonly GaborFilterBank simple_conv_q0;
    private readonly GaborFilterBank simple_conv_q1;
    private PackedGaborFilters? _packed;
    private Generator? _noiseGenerator;
    private Tensor? _noiseBuffer;
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
        int n = Options.OutputChannels;
        int cin = Options.InputChannels;

        // The reference's layout: q0 and q1 (phase + π/2) for every channel, each filter in one colour channel.
        var w0 = new float[n * cin * k * k];
        var w1 = new float[n * cin * k * k];
        // The random-filter control draws its kernels from a stream of its own, keyed by the sampler's seed.
        var random = Options.Filters == V1FilterKind.Random ? new NumpyLegacyRandom((uint)SplitMix64.Mix(Options.Sampler.Seed, 0x5A4D0F11)) : null;
        for (int i = 0; i < n; i++)
        {
            Filter(i, 0, random).CopyTo(w0, ((i * cin) + Parameters.ColorChannel[i]) * k * k);
            Filter(i, Math.PI / 2, random).CopyTo(w1, ((i * cin) + Parameters.QuadratureColorChannel[i]) * k * k);
        }

        simple_conv_q0 = new GaborFilterBank(torch.tensor(w0, new long[] { n, cin, k, k }, ScalarType.Float32, device), Options.Stride, Options.TrainableFilters);
        simple_conv_q1 = new GaborFilterBank(torch.tensor(w1, new long[] { n, cin, k, k }, ScalarType.Float32, device), Options.Stride, Options.TrainableFilters);
        RegisterComponents();
        RefreshPackedFilters();
    }

    /// <summary>The options the block was built with.</summary>
    public VOneBlockOptions Options { get; }

    /// <summary>
    /// The filter parameters the block was built with (inspect, save with <see cref="V1Parameters.Save"/>, edit and
    /// rebuild). After weights from another model are loaded they no longer describe the filters.
    /// </summary>
    public V1Parameters Parameters { get; }

    /// <summary>Phase-0 filters, the reference's <c>simple_conv_q0</c>.</summary>
    public GaborFilterBank Q0 => simple_conv_q0;

    /// <summary>Phase-π/2 filters, the reference's <c>simple_conv_q1</c>.</summary>
    public GaborFilterBank Q1 => simple_conv_q1;

    /// <summary>
    /// The implementation that runs: <see cref="VOneBlockOptions.Implementation"/>, or <see cref="GfbImplementation.Dense"/>
    /// when the filters are trainable or the loaded filters cannot be packed per colour channel (some filter reads several channels).
    /// </summary>
    public GfbImplementation EffectiveImplementation => _packed is null ? GfbImplementation.Dense : Options.Implementation;

    /// <summary>
    /// Re-derives the packed per-colour filters from <c>simple_conv_q0/q1.weight</c>. Loading through <c>load</c>,
    /// <c>load_state_dict</c> (of this block or a <c>VOneNet</c>) or <see cref="StateDictLoader"/>
    /// and <c>.to(...)</c> call it; call it yourself after writing into those weights in place by other means.
    /// </summary>
    public void RefreshPackedFilters()
    {
        _packed?.Dispose();
        // Trainable filters run densely: the packed copies would carry no gradient back to simple_conv_q0/q1.weight.
        _packed = Options.Implementation == GfbImplementation.Dense || Options.TrainableFilters
            ? null
            : PackedGaborFilters.TryPack(simple_conv_q0.Weight, simple_conv_q1.Weight, Options.SimpleChannels);
    }

    /// <summary>Loads a state dict in the canonical or a legacy BioVision layout, then re-derives the packed filters.</summary>
    /// <param name="source">Tensors by name.</param>
    /// <param name="strict">Whether missing or unexpected keys are an error.</param>
    /// <param name="skip">Keys to leave alone.</param>
    public override (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
    {
        var report = StateDictLoader.Load(this, source, new StateDictLoadOptions { Strict = strict, Skip = skip?.ToArray() ?? [] });
        return (report.Missing.ToList(), report.Unexpected.ToList());
    }

    /// <summary>Loads a BioVision (TorchSharp) weights file in the canonical or a legacy layout.</summary>
    /// <param name="reader">The open file.</param>
    /// <param name="strict">Whether missing or unexpected keys are an error.</param>
    /// <param name="skip">Keys to leave alone.</param>
    /// <param name="loadedParameters">Filled with the keys loaded, when given.</param>
    public override nn.Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
    {
        BioVisionWeights.Load(this, reader, strict, skip, loadedParameters);
        return this;
    }

    /// <inheritdoc />
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        var result = base._to(device, dtype, non_blocking);
        RefreshPackedFilters();
        return result;
    }

    /// <inheritdoc />
    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        var result = base._to(deviceType, deviceIndex, non_blocking);
        RefreshPackedFilters();
        return result;
    }

    /// <inheritdoc />
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        var result = base._to(dtype, non_blocking);
        RefreshPackedFilters();
        return result;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _packed?.Dispose();
            _packed = null;
            _noiseGenerator?.Dispose();
            _noiseGenerator = null;
            _noiseBuffer?.Dispose();
            _noiseBuffer = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>Number of output channels (simple + complex).</summary>
    public int OutputChannels => Options.OutputChannels;

    /// <summary>Side of the output map for a square input of side <paramref name="inputSize"/>.</summary>
    /// <param name="inputSize">Input side in pixels.</param>
    public int OutputSize(int inputSize) => ((inputSize + (2 * (Options.KernelSize / 2)) - Options.KernelSize) / Options.Stride) + 1;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        if (!torch.is_grad_enabled() || (!input.requires_grad && !Options.TrainableFilters))
        {
            // Fixed filters are buffers: without an input gradient autograd has nothing to record. The same values in
            // one output allocation, computed in place (each fresh activation-sized buffer costs page faults).
            return ForwardWithoutAutograd(input).MoveToOuterDisposeScope();
        }

        var (simple, complex) = Cells(input);
        // In place where autograd allows it: cat saves nothing for its backward, so its output may be scaled in place.
        var output = torch.cat(new[] { simple, complex }, 1).mul_(Options.KExc);
        if (Options.Normalization is { } normalization)
        {
            output = Normalize(output, normalization, inPlace: false);
        }

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
    /// <exception cref="ArgumentException">The input is not a 4-D floating tensor with the expected channel count, or (on the
    /// CPU, outside <see cref="InputChecks.Trust"/>) contains NaN.</exception>
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
        // Checked on the CPU only (on a GPU the check would synchronise the device on every forward pass), and not inside
        // loops that checked their inputs once (InputChecks.Trust: the steps of an attack).
        if (input.device_type == DeviceType.CPU && !InputChecks.Trusted)
        {
            InputChecks.ThrowIfNaN(input, nameof(input), "VOneBlock input");
        }

        int s = Options.SimpleChannels;
        int c = Options.ComplexChannels;
        long pad = Options.KernelSize / 2;
        var strides = new long[] { Options.Stride, Options.Stride };
        var padding = new long[] { pad, pad };
        Tensor q0s, q0c, q1c;
        if (_packed is { } packed)
        {
            var w = packed.Weight.to(input.dtype);
            int groups = Options.InputChannels;
            Tensor all;
            if (Options.Implementation == GfbImplementation.Grouped)
            {
                all = nn.functional.conv2d(input, w, null, strides, padding, groups: groups).index_select(1, packed.GatherIndex);
            }
            else if (Options.Implementation == GfbImplementation.PerChannel)
            {
                var parts = new List<Tensor>();
                for (int ch = 0; ch < groups; ch++)
                {
                    if (packed.Counts[ch] > 0)
                    {
                        parts.Add(nn.functional.conv2d(input.narrow(1, ch, 1), w.narrow(0, (long)ch * packed.PerGroup, packed.Counts[ch]), null, strides, padding));
                    }
                }

                // One group whose rows are already the used filters in order (grayscale): no copy and no gather.
                all = parts.Count == 1 && packed.CompactIsIdentity ? parts[0] : torch.cat(parts, 1).index_select(1, packed.CompactIndex);
            }
            else
            {
                long k = Options.KernelSize;
                long outH = ((input.shape[2] + (2 * pad) - k) / Options.Stride) + 1;
                long outW = ((input.shape[3] + (2 * pad) - k) / Options.Stride) + 1;
                var cols = nn.functional.unfold(input, (k, k), padding: (pad, pad), stride: (Options.Stride, Options.Stride))
                    .view(input.shape[0], groups, k * k, -1);
                var parts = new List<Tensor>();
                for (int ch = 0; ch < groups; ch++)
                {
                    if (packed.Counts[ch] > 0)
                    {
                        parts.Add(w.narrow(0, (long)ch * packed.PerGroup, packed.Counts[ch]).view(packed.Counts[ch], k * k).matmul(cols.select(1, ch)));
                    }
                }

                all = torch.cat(parts, 1).index_select(1, packed.CompactIndex).view(input.shape[0], -1, outH, outW);
            }

            q0s = all.narrow(1, 0, s);
            q0c = all.narrow(1, s, c);
            q1c = all.narrow(1, s + c, c);
        }
        else
        {
            var q0 = simple_conv_q0.forward(input);
            var q1 = simple_conv_q1.forward(input);
            q0s = q0.narrow(1, 0, s);
            q0c = q0.narrow(1, s, c);
            q1c = q1.narrow(1, s, c);
        }

        return (q0s.MoveToOuterDisposeScope(), q0c.MoveToOuterDisposeScope(), q1c.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Overrides <see cref="VOneBlockOptions.NoiseControl"/> while set (null: the options' value). Robustness evaluation
    /// uses it (through <see cref="NoiseOverride"/>) to control attack-time and scoring-time noise separately without rebuilding the model.
    /// </summary>
    public NoiseControl? NoiseControlOverride { get; set; }

    /// <summary>The noise control in effect: <see cref="NoiseControlOverride"/> when set, else the options'.</summary>
    public NoiseControl EffectiveNoiseControl => NoiseControlOverride ?? Options.NoiseControl;

    /// <inheritdoc />
    void ILoadStateDictHooks.PreLoadStateDict(Dictionary<string, Tensor> source, string prefix, List<Tensor> created, List<string> notes) =>
        LegacyVOneBlockLayout.Translate(source, prefix, Options, created, notes);

    /// <inheritdoc />
    void ILoadStateDictHooks.PostLoadStateDict() => RefreshPackedFilters();

    /// <inheritdoc />
    public bool DrawsNoise => NoiseActive && EffectiveNoiseControl != NoiseControl.FixedSeed;

    /// <summary>Whether noise is applied in the module's current mode (fixed-seed noise included).</summary>
    public bool NoiseActive => Options.NoiseMode != NoiseMode.None && EffectiveNoiseControl switch
    {
        NoiseControl.Off => false,
        NoiseControl.FollowTraining => training,
        _ => true,
    };

    // forward's values (cat(relu(q0), √(q0² + q1²)/√2)·k_exc, then the noise) with the same roundings in the same order,
    // written into one output tensor; the noise is drawn into a buffer kept between calls of the same shape.
    private Tensor ForwardWithoutAutograd(Tensor input)
    {
        var (q0s, q0c, q1c) = Responses(input);
        int s = Options.SimpleChannels, c = Options.ComplexChannels;
        var output = torch.empty(new[] { q0s.shape[0], (long)s + c, q0s.shape[2], q0s.shape[3] }, q0s.dtype, q0s.device);
        if (s > 0)
        {
            output.narrow(1, 0, s).copy_(q0s).relu_();
        }

        if (c > 0)
        {
            output.narrow(1, s, c).copy_(q0c).mul_(q0c).addcmul_(q1c, q1c, 1).sqrt_().div_(Math.Sqrt(2.0));
        }

        output.mul_(Options.KExc);
        if (Options.Normalization is { } normalization)
        {
            output = Normalize(output, normalization, inPlace: true);
        }

        if (!NoiseActive)
        {
            return output;
        }

        var noise = NoiseBuffer(output);
        if (EffectiveNoiseControl == NoiseControl.FixedSeed)
        {
            using var generator = new Generator(Rsa.SeededRandom.ToUInt64(Options.NoiseSeed), output.device);
            noise.normal_(0, 1, generator);
        }
        else
        {
            noise.normal_(0, 1, FreshNoiseGenerator(output.device));
        }

        double scale = Options.NoiseScale;
        if (Options.NoiseMode == NoiseMode.Gaussian)
        {
            return output.add_(noise.mul_(scale)).relu_();
        }

        // ApplyNoise's law relu((s·x + l + n·√(F·relu(s·x + l) + ε) − l)/s) in fewer passes: relu(x + n·√(F·relu(s·x + l) + ε)/s);
        // EVNet's raw output is s·x + l + n·√(F·relu(s·x + l) + ε).
        var rate = output.mul(scale).add_(Options.NoiseLevel);
        var std = Variance(rate.relu(), inPlace: true).add_(NeuronalEpsilon).sqrt_();
        if (Options.NoiseOutput == NoiseOutput.Raw)
        {
            return output.copy_(rate).addcmul_(std, noise, 1);
        }

        return output.add_(std.mul_(noise).div_(scale)).relu_();
    }

    // F·relu(rate); with F = 1 (VOneNet) no operation, so its values stay bit for bit. In place only without autograd:
    // relu's backward reads the output it saved.
    private Tensor Variance(Tensor rectifiedRate, bool inPlace) =>
        Options.FanoFactor is double fano && fano != 1 ? (inPlace ? rectifiedRate.mul_(fano) : rectifiedRate.mul(fano)) : rectifiedRate;

    // σ·Eⁿ/(σⁿ + w·P) with P the normalised Gaussian average of the pooled channels' Eⁿ (DivisiveNormalizationOptions).
    // In place (the no-autograd path) or out of place with the same operations in the same order.
    private Tensor Normalize(Tensor responses, DivisiveNormalizationOptions options, bool inPlace)
    {
        double n = options.Exponent;
        var powered = inPlace ? responses.pow_(n) : responses.pow(n);
        var pooled = options.Pool == NormalizationPool.AllChannels ? powered.mean(new long[] { 1 }, keepdim: true) : powered;
        var pool = GaussianPool(pooled, options);
        var denominator = pool.mul_(options.PoolWeight).add_(Math.Pow(options.SemiSaturation, n));
        return (inPlace ? powered.div_(denominator) : powered.div(denominator)).mul_(options.SemiSaturation);
    }

    /// <summary>
    /// The normalisation pool of a map <c>[N, C, H, W]</c>: per channel, the Gaussian-weighted average over the map with
    /// standard deviation <see cref="DivisiveNormalizationOptions.PoolSigmaDegrees"/> on the output grid, divided by the
    /// Gaussian's sum over the map at each position (so border positions average over what they see).
    /// </summary>
    /// <param name="map">The pooled quantity (a fresh tensor is returned; the map is not changed).</param>
    /// <param name="options">The normalisation options.</param>
    public Tensor GaussianPool(Tensor map, DivisiveNormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        double sigma = options.PoolSigmaDegrees * Options.PixelsPerDegree / Options.Stride;
        long channels = map.shape[1];
        long height = map.shape[2], width = map.shape[3];
        // Beyond the map's own extent the kernel only meets padding zeros, so its radius stops there.
        int radius = (int)Math.Min(Math.Ceiling(3 * sigma), Math.Max(height, width) - 1);
        var taps = new float[(2 * radius) + 1];
        for (int i = -radius; i <= radius; i++)
        {
            taps[i + radius] = (float)Math.Exp(-0.5 * i * i / (sigma * sigma));
        }

        var kernel = torch.tensor(taps, map.dtype, map.device);
        var rows = kernel.view(1, 1, -1, 1).expand(channels, 1, -1, 1);
        var cols = kernel.view(1, 1, 1, -1).expand(channels, 1, 1, -1);
        Tensor Blur(Tensor x, long groups) =>
            nn.functional.conv2d(nn.functional.conv2d(x, rows.narrow(0, 0, groups), null, padding: new long[] { radius, 0 }, groups: groups), cols.narrow(0, 0, groups), null, padding: new long[] { 0, radius }, groups: groups);
        var weights = Blur(torch.ones(new long[] { 1, 1, height, width }, map.dtype, map.device), 1);
        return Blur(map, channels).div_(weights).MoveToOuterDisposeScope();
    }

    // A buffer for one draw of noise shaped like x, kept between calls (outside any dispose scope) and replaced when the
    // shape, dtype or device changes. Only forward's no-autograd path uses it, and only within one call.
    private Tensor NoiseBuffer(Tensor x)
    {
        if (_noiseBuffer is { } buffer && buffer.dtype == x.dtype && buffer.device_type == x.device_type && buffer.device_index == x.device_index
            && buffer.shape.SequenceEqual(x.shape))
        {
            return buffer;
        }

        _noiseBuffer?.Dispose();
        _noiseBuffer = torch.empty(x.shape, x.dtype, x.device).DetachFromDisposeScope();
        return _noiseBuffer;
    }

    private Generator FreshNoiseGenerator(Device device)
    {
        // The block's own generator (seeded with NoiseSeed, reseeded by the trainer every epoch), not torch's global one.
        if (_noiseGenerator is null || _noiseGenerator.device.type != device.type || _noiseGenerator.device.index != device.index)
        {
            _noiseGenerator?.Dispose();
            _noiseGenerator = new Generator(_noiseSeed ?? Rsa.SeededRandom.ToUInt64(Options.NoiseSeed), device);
        }

        return _noiseGenerator;
    }

    private Tensor ApplyNoise(Tensor x)
    {
        if (!NoiseActive)
        {
            return x.alias();
        }

        Tensor noise;
        if (EffectiveNoiseControl == NoiseControl.FixedSeed)
        {
            using var generator = new Generator(Rsa.SeededRandom.ToUInt64(Options.NoiseSeed), x.device);
            noise = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        }
        else
        {
            noise = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: FreshNoiseGenerator(x.device));
        }

        double scale = Options.NoiseScale;
        if (Options.NoiseMode == NoiseMode.Gaussian)
        {
            return nn.functional.relu(x.add(noise.mul(scale)));
        }

        // The law relu((s·x + l + n·σ − l)/s), σ = √(F·relu(s·x + l) + ε), as relu(x + σ·n/s) (EVNet's raw output:
        // s·x + l + n·σ): the same operations in the same order as ForwardWithoutAutograd, so both paths give the same
        // values. In place wherever the operation's backward does not need the tensor overwritten: mul and add save no
        // output, relu_ and sqrt_ save the result they leave.
        var rate = x.mul(scale).add_(Options.NoiseLevel);
        var std = Variance(rate.relu(), inPlace: false).add(NeuronalEpsilon).sqrt_();
        if (Options.NoiseOutput == NoiseOutput.Raw)
        {
            return rate.addcmul(std, noise, 1);
        }

        return std.mul(noise).div_(scale).add_(x).relu_();
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

    // The filter of channel i at a phase shift: the Gabor, or (random control) white noise with the Gabor's L2 norm.
    private float[] Filter(int i, double phaseShift, NumpyLegacyRandom? random)
    {
        var gabor = Kernel(i, phaseShift);
        if (random is null)
        {
            return gabor;
        }

        double norm = Math.Sqrt(gabor.Sum(v => (double)v * v));
        var noise = new double[gabor.Length];
        for (int j = 0; j < noise.Length; j++)
        {
            noise[j] = random.NextGaussian();
        }

        double scale = norm / Math.Sqrt(noise.Sum(v => v * v));
        return noise.Select(v => (float)(v * scale)).ToArray();
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
