using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// A simulated retina and LGN (the SubcorticalBlock of EVNet, Piper, Oliveira and Marques, NeurIPS 2025): light
/// adaptation, colour-opponent P-cell and luminance M-cell differences of Gaussians, contrast normalisation, an optional
/// ReLU, the per-channel gain <c>k_exc</c> and neuronal noise. Input <c>[N, InputChannels, H, W]</c>; output
/// <c>[N, P + M, H, W]</c> (P channels first).
/// </summary>
/// <remarks>
/// <para>Faithful to the reference (lucaspiper99/evnet e9ce227, <c>evnet/modules.py SubcorticalBlock</c>): with noise off
/// the outputs agree to float32 rounding (the golden tests, fixtures in <c>tests/BioVision.Tests/fixtures/evnet</c>).
/// Differences, none of which changes a forward value: no in-place operations (the reference's <c>x *= k_exc</c> after
/// its ReLU breaks the backward pass when <c>with_relu</c> is on, and with every stage off it overwrites the caller's
/// input); the contrast normalisation's square root has gradient 0, not NaN, at zero energy; noise is drawn from the
/// block's own generator, and fixed noise (<see cref="NoiseControl.FixedSeed"/>) is seeded and fits any batch size and
/// device (the reference's <c>fix_noise</c> draws a 128-image CUDA batch from torch's global generator).</para>
/// <para>State dict, named as the reference's (so an EVNet checkpoint's <c>subcorticalblock.*</c> tensors load by name
/// through <see cref="Serialization.StateDictLoader"/> after <c>StripPrefix("subcorticalblock.")</c>): <c>k_exc</c>
/// <c>[1, P + M, 1, 1]</c>; <c>dog.multi_conv.convs.{0,1}.weight</c> <c>[P|M, InputChannels, k, k]</c>;
/// <c>contrast_norm.c50</c>, <c>contrast_norm.n</c> <c>[1, P + M, 1, 1]</c>;
/// <c>contrast_norm.multi_conv.convs.{0,1}.weight</c> <c>[P|M, 1, k, k]</c> (depthwise). All are persistent buffers
/// (the reference's frozen parameters): the block has no trainable parameter, and no filter is a <c>Conv2d</c>, so model
/// initialisation leaves them alone. A stage that is off has no state, as the reference's <c>Identity</c>.</para>
/// </remarks>
public sealed class SubcorticalBlock : nn.Module<Tensor, Tensor>, IStochasticModule
{
    private readonly Tensor k_exc;
    private readonly LightAdaptation? light_adapt;
    private readonly DifferenceOfGaussians? dog;
    private readonly ContrastNormalization? contrast_norm;
    private readonly int _largestKernel;
    private Generator? _noiseGenerator;
    private ulong? _noiseSeed;

    /// <summary>Builds the block and its fixed filters from <paramref name="options"/>.</summary>
    /// <param name="options">Options (null: the reference's standard variant).</param>
    /// <param name="device">Device for the buffers (CPU when null).</param>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="SubcorticalBlockOptions.Validate"/>).</exception>
    public SubcorticalBlock(SubcorticalBlockOptions? options = null, Device? device = null) : base(nameof(SubcorticalBlock))
    {
        Options = (options ?? new SubcorticalBlockOptions()).Validate();
        device ??= CPU;
        var gains = Options.Pathways.SelectMany(p => Enumerable.Repeat((float)Options.Cell(p).KExc, Options.Channels(p))).ToArray();
        k_exc = torch.tensor(gains, [1, Options.OutputChannels, 1, 1], ScalarType.Float32, device);
        light_adapt = Options.LightAdaptation ? new LightAdaptation(Options.LightAdaptThreshold) : null;
        dog = Options.Dog ? new DifferenceOfGaussians(Options, device) : null;
        contrast_norm = Options.ContrastNormalization ? new ContrastNormalization(Options, device) : null;
        // Kernel sizes are fixed by the buffers' shapes, which loading cannot change.
        _largestKernel = Math.Max(
            dog?.MultiConv.Convolutions.Max(c => c.KernelSize) ?? 1,
            contrast_norm?.MultiConv.Convolutions.Max(c => c.KernelSize) ?? 1);
        RegisterComponents();
    }

    /// <summary>The options the block was built with (after weights are loaded from elsewhere they may no longer describe the filters).</summary>
    public SubcorticalBlockOptions Options { get; }

    /// <summary>Number of output channels, <c>P + M</c>.</summary>
    public int OutputChannels => Options.OutputChannels;

    /// <summary>Per-channel output gains <c>[1, P + M, 1, 1]</c> (the registered buffer <c>k_exc</c>).</summary>
    public Tensor KExc => k_exc;

    /// <summary>The light adaptation stage (<c>light_adapt</c>), null when off.</summary>
    public LightAdaptation? LightAdaptationStage => light_adapt;

    /// <summary>The difference-of-Gaussians stage (<c>dog</c>), null when off.</summary>
    public DifferenceOfGaussians? DogStage => dog;

    /// <summary>The contrast normalisation stage (<c>contrast_norm</c>), null when off.</summary>
    public ContrastNormalization? ContrastNormalizationStage => contrast_norm;

    /// <summary>
    /// Overrides <see cref="SubcorticalBlockOptions.NoiseControl"/> while set (null: the options' value); robustness
    /// evaluation sets it through <see cref="NoiseOverride"/>.
    /// </summary>
    public NoiseControl? NoiseControlOverride { get; set; }

    /// <summary>The noise control in effect: <see cref="NoiseControlOverride"/> when set, else the options'.</summary>
    public NoiseControl EffectiveNoiseControl => NoiseControlOverride ?? Options.NoiseControl;

    /// <summary>Whether noise is applied in the module's current mode (fixed-seed noise included).</summary>
    public bool NoiseActive => Options.NoiseMode != NoiseMode.None && EffectiveNoiseControl switch
    {
        NoiseControl.Off => false,
        NoiseControl.FollowTraining => training,
        _ => true,
    };

    /// <inheritdoc />
    public bool DrawsNoise => NoiseActive && EffectiveNoiseControl != NoiseControl.FixedSeed;

    /// <summary>
    /// Restarts the generator that fresh noise (<see cref="NoiseControl.AlwaysOn"/>, <see cref="NoiseControl.FollowTraining"/>)
    /// is drawn from. Until the first call it starts from <see cref="SubcorticalBlockOptions.NoiseSeed"/>.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public void Reseed(ulong seed)
    {
        _noiseSeed = seed;
        _noiseGenerator?.Dispose();
        _noiseGenerator = null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input is not a 4-D floating-point tensor with <see cref="SubcorticalBlockOptions.InputChannels"/>
    /// channels, is too small for a kernel's reflect padding, or (on the CPU, outside <see cref="InputChecks.Trust"/>) contains NaN.</exception>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        var x = Clean(input);
        return ApplyNoise(x).MoveToOuterDisposeScope();
    }

    /// <summary>The noiseless response: every stage and the gain, without the noise.</summary>
    /// <param name="input">Images <c>[N, InputChannels, H, W]</c>.</param>
    /// <exception cref="ArgumentException">As <see cref="forward"/>.</exception>
    public Tensor Response(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        return Clean(input).MoveToOuterDisposeScope();
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

    private Tensor Clean(Tensor input)
    {
        var x = input;
        if (light_adapt is not null)
        {
            x = light_adapt.forward(x);
        }

        if (dog is not null)
        {
            x = dog.forward(x);
        }
        else if (light_adapt is not null && Options.Pathways.Count > 1)
        {
            // The reference's one copy per pathway travels on when no DoG reads it.
            x = x.repeat(1, Options.Pathways.Count, 1, 1);
        }

        if (contrast_norm is not null)
        {
            x = contrast_norm.forward(x);
        }

        if (Options.Relu)
        {
            x = nn.functional.relu(x);
        }

        return x.mul(k_exc.to(x.dtype));
    }

    // The reference's law x + r·√(fano·(|x| + ε)), r ~ N(0, 1), out of place where autograd needs the operands: abs saves
    // its input, add and mul save nothing of their output, sqrt_ saves the result it leaves, and the product with r is a
    // fresh tensor, so the final in-place add is safe.
    private Tensor ApplyNoise(Tensor x)
    {
        if (!NoiseActive)
        {
            return x.alias();
        }

        Tensor r;
        if (EffectiveNoiseControl == NoiseControl.FixedSeed)
        {
            using var generator = new Generator(Rsa.SeededRandom.ToUInt64(Options.NoiseSeed), x.device);
            r = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        }
        else
        {
            r = torch.randn(x.shape, dtype: x.dtype, device: x.device, generator: FreshNoiseGenerator(x.device));
        }

        var std = x.abs().add_(SubcorticalBlockOptions.Epsilon).mul_(Options.FanoFactor).sqrt_();
        return std.mul(r).add_(x);
    }

    private Generator FreshNoiseGenerator(Device device)
    {
        // The block's own generator (seeded with NoiseSeed, reseeded by the trainer), never torch's global one.
        if (_noiseGenerator is null || _noiseGenerator.device.type != device.type || _noiseGenerator.device.index != device.index)
        {
            _noiseGenerator?.Dispose();
            _noiseGenerator = new Generator(_noiseSeed ?? Rsa.SeededRandom.ToUInt64(Options.NoiseSeed), device);
        }

        return _noiseGenerator;
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4)
        {
            throw new ArgumentException(
                $"SubcorticalBlock expects a 4-D input [N, {Options.InputChannels}, H, W]; got a {input.dim()}-D tensor [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (input.shape[1] != Options.InputChannels)
        {
            throw new ArgumentException(
                $"SubcorticalBlock expects {Options.InputChannels} input channel(s) [N, {Options.InputChannels}, H, W]; got {input.shape[1]} channels [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (!input.is_floating_point())
        {
            throw new ArgumentException($"SubcorticalBlock expects a floating-point input; got {input.dtype}.", nameof(input));
        }

        int largest = _largestKernel;
        if (input.shape[2] <= largest / 2 || input.shape[3] <= largest / 2)
        {
            throw new ArgumentException(
                $"SubcorticalBlock input [{string.Join(", ", input.shape)}] is too small for its {largest}-pixel kernels (reflect padding needs a side above {largest / 2} pixels); " +
                "build the block for this image size (SubcorticalBlockOptions.ForImageSize or ImageSize).", nameof(input));
        }

        // Checked on the CPU only (on a GPU it would synchronise the device every call), and not inside loops that
        // checked their inputs once (InputChecks.Trust: the steps of an attack).
        if (input.device_type == DeviceType.CPU && !InputChecks.Trusted)
        {
            InputChecks.ThrowIfNaN(input, nameof(input), "SubcorticalBlock input");
        }
    }
}
