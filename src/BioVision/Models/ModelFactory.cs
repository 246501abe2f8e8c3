using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>Builds the network described by a <see cref="ModelSpec"/> on a device.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Creates the model. With a <paramref name="seed"/>, the initial weights are drawn from the model's own generator
    /// (<see cref="Initialisation.ResetParameters"/>): the same seed gives the same weights whatever other threads of
    /// the process draw meanwhile. Without one they come from torch's global generator (seed it first).
    /// </summary>
    /// <param name="spec">What to build.</param>
    /// <param name="device">Where the parameters live.</param>
    /// <param name="seed">Seed of the initial weights, or null for torch's global generator.</param>
    /// <exception cref="NotSupportedException">The backbone or the VOne front end is not available in this build yet.</exception>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, Device device, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Width, 1, nameof(spec));
        if (!Enum.IsDefined(spec.FrontEnd))
        {
            throw new ArgumentException($"Unknown front end {spec.FrontEnd}.", nameof(spec));
        }

        var block = BlockFor(spec);
        nn.Module<Tensor, Tensor> model;
        if (spec.VOne)
        {
            CheckFrontEnd(block, spec.FrontEnd);
        }

        if (spec.VOne && spec.FrontEnd == FrontEndKind.EVNet)
        {
            // EVNet: the subcortical block turns the image into its P and M channels, which the V1 block reads.
            var evnet = new EVNetOptions { Subcortical = SubcorticalFor(spec), VOneBlock = block }.Validate();
            if (evnet.Subcortical.InputChannels != spec.InputChannels)
            {
                throw new ArgumentException($"The subcortical block reads {evnet.Subcortical.InputChannels} input channels but the spec has {spec.InputChannels}.", nameof(spec));
            }

            model = EVNet.Create(spec.Backbone, evnet, spec.Classes, device, spec.Width);
        }
        else
        {
            if (spec.VOne && block.InputChannels != spec.InputChannels)
            {
                throw new ArgumentException($"The V1 block reads {block.InputChannels} input channels but the spec has {spec.InputChannels}.", nameof(spec));
            }

            // The one place backbones are chosen: VOneNet.Create (or EVNet.Create above, which builds its back end the same
            // way), with or without the V1 front end; every field of the spec (backbone, classes, input channels, width, V1 block) reaches it.
            var options = new VOneNetOptions { UseV1FrontEnd = spec.VOne, Block = block };
            model = VOneNet.Create(spec.Backbone, options, spec.Classes, device, spec.Width);
        }

        if (seed is { } value)
        {
            using var generator = new Generator(SplitMix64.Mix(value, 0x1417));
            Initialisation.ResetParameters(model, generator);
        }

        return model;
    }

    /// <summary>
    /// The V1 block options a spec stands for (see <see cref="ModelSpec.VOneBlock"/>): the explicit block, or the scaled
    /// block for the image size with the front end's defining setting (<see cref="WithFrontEnd"/>).
    /// </summary>
    /// <param name="spec">The model description.</param>
    public static VOneBlockOptions BlockFor(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.VOneBlock is { } explicitBlock)
        {
            return explicitBlock;
        }

        var scaled = spec.FrontEnd == FrontEndKind.EVNet
            ? EVNetOptions.ForImageSize(spec.ImageSize, spec.InputChannels).VOneBlock
            : ScaledFrontEnd.ForImageSize(spec.ImageSize, spec.InputChannels);
        var sized = spec.Backbone == BackboneKind.SmallCnn ? scaled with { SimpleChannels = spec.Width, ComplexChannels = spec.Width } : scaled;
        return WithFrontEnd(sized, spec.FrontEnd);
    }

    /// <summary>
    /// The subcortical block of an EVNet spec: <see cref="ModelSpec.Subcortical"/>, or EVNet's standard variant scaled to
    /// the spec's image size and channels (<see cref="EVNetOptions.ForImageSize"/>).
    /// </summary>
    /// <param name="spec">The model description.</param>
    public static BioVision.Subcortical.SubcorticalBlockOptions SubcorticalFor(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Subcortical ?? EVNetOptions.ForImageSize(spec.ImageSize, spec.InputChannels).Subcortical;
    }

    /// <summary>
    /// <paramref name="spec"/> with the noise of its front end set as one: the V1 block's mode and control, and for an
    /// EVNet the subcortical block's too (its neuronal noise is switched off with <see cref="NoiseMode.None"/> and follows
    /// the same <see cref="Stochastic.NoiseControl"/>), so "noise off" means a deterministic model whatever the front end.
    /// </summary>
    /// <param name="spec">The model description.</param>
    /// <param name="mode">Noise of the V1 block (the subcortical block has neuronal noise or none).</param>
    /// <param name="control">When noise is applied.</param>
    /// <param name="scale">The V1 block's noise scale, or null for the front end's own.</param>
    public static ModelSpec WithNoise(ModelSpec spec, NoiseMode mode, Stochastic.NoiseControl control, double? scale = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var block = BlockFor(spec);
        var result = spec with { VOneBlock = block with { NoiseMode = mode, NoiseControl = control, NoiseScale = scale ?? block.NoiseScale } };
        if (spec.VOne && spec.FrontEnd == FrontEndKind.EVNet)
        {
            var subcortical = SubcorticalFor(spec);
            result = result with
            {
                Subcortical = subcortical with
                {
                    NoiseMode = mode == NoiseMode.None ? NoiseMode.None : new BioVision.Subcortical.SubcorticalBlockOptions().NoiseMode,
                    NoiseControl = control,
                },
            };
        }

        return result;
    }

    /// <summary>
    /// <paramref name="block"/> with the setting that defines <paramref name="kind"/>: divisive normalisation with its
    /// defaults (<see cref="FrontEndKind.NormalizedVOne"/>, unless the block already has some), trainable filters
    /// (<see cref="FrontEndKind.LearnedV1"/>) or random filters (<see cref="FrontEndKind.RandomV1"/>); unchanged for
    /// <see cref="FrontEndKind.VOne"/> and <see cref="FrontEndKind.EVNet"/> (whose V1 settings come from <see cref="EVNetOptions"/>).
    /// </summary>
    /// <param name="block">The V1 block.</param>
    /// <param name="kind">The front end.</param>
    public static VOneBlockOptions WithFrontEnd(VOneBlockOptions block, FrontEndKind kind)
    {
        ArgumentNullException.ThrowIfNull(block);
        return kind switch
        {
            FrontEndKind.NormalizedVOne => block with { Normalization = block.Normalization ?? new DivisiveNormalizationOptions() },
            FrontEndKind.LearnedV1 => block with { TrainableFilters = true },
            FrontEndKind.RandomV1 => block with { Filters = V1FilterKind.Random },
            FrontEndKind.VOne or FrontEndKind.EVNet => block,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown front end."),
        };
    }

    /// <summary>
    /// Checks that a V1 block is what its front end's name says: each kind has exactly its own defining setting among
    /// divisive normalisation, trainable filters and random filters (the plain VOne and EVNet blocks have none), so a
    /// model named "VOne-…" is never secretly normalised or trained.
    /// </summary>
    /// <param name="block">The V1 block.</param>
    /// <param name="kind">The front end it is meant to be.</param>
    /// <exception cref="ArgumentException">The block departs from the kind, naming the setting.</exception>
    public static void CheckFrontEnd(VOneBlockOptions block, FrontEndKind kind)
    {
        ArgumentNullException.ThrowIfNull(block);
        bool normalised = block.Normalization is not null, trainable = block.TrainableFilters, random = block.Filters == V1FilterKind.Random;
        (bool n, bool t, bool r) wanted = kind switch
        {
            FrontEndKind.NormalizedVOne => (true, false, false),
            FrontEndKind.LearnedV1 => (false, true, false),
            FrontEndKind.RandomV1 => (false, false, true),
            _ => (false, false, false),
        };
        var problems = new List<string>();
        if (normalised != wanted.n)
        {
            problems.Add(normalised ? "it has divisive normalisation (the NormalizedVOne front end)" : "it has no divisive normalisation (set VOneBlock.Normalization)");
        }

        if (trainable != wanted.t)
        {
            problems.Add(trainable ? "its filters are trainable (the LearnedV1 front end)" : "its filters are fixed (set VOneBlock.TrainableFilters)");
        }

        if (random != wanted.r)
        {
            problems.Add(random ? "its filters are random (the RandomV1 front end)" : "its filters are Gabors (set VOneBlock.Filters = Random)");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"The V1 block does not match the {kind} front end: {string.Join("; ", problems)}.", nameof(block));
        }
    }

    /// <summary>The factory as a function of the device, the form the trainer (<c>BioVision.Training.Trainer</c>) takes.</summary>
    /// <param name="spec">What to build.</param>
    public static Func<Device, nn.Module<Tensor, Tensor>> For(ModelSpec spec) => device => Create(spec, device);
}
