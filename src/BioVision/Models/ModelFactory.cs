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
        var block = BlockFor(spec);
        if (spec.VOne && block.InputChannels != spec.InputChannels)
        {
            throw new ArgumentException($"The V1 block reads {block.InputChannels} input channels but the spec has {spec.InputChannels}.", nameof(spec));
        }

        // The one place backbones are chosen: VOneNet.Create, with or without the V1 front end; every field of the spec
        // (backbone, classes, input channels, width, V1 block) reaches it.
        var options = new VOneNetOptions { UseV1FrontEnd = spec.VOne, Block = block };
        var model = VOneNet.Create(spec.Backbone, options, spec.Classes, device, spec.Width);
        if (seed is { } value)
        {
            using var generator = new Generator(SplitMix64.Mix(value, 0x1417));
            Initialisation.ResetParameters(model, generator);
        }

        return model;
    }

    /// <summary>The V1 block options a spec stands for (see <see cref="ModelSpec.VOneBlock"/>).</summary>
    /// <param name="spec">The model description.</param>
    public static VOneBlockOptions BlockFor(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.VOneBlock is { } explicitBlock)
        {
            return explicitBlock;
        }

        var scaled = ScaledFrontEnd.ForImageSize(spec.ImageSize, spec.InputChannels);
        return spec.Backbone == BackboneKind.SmallCnn ? scaled with { SimpleChannels = spec.Width, ComplexChannels = spec.Width } : scaled;
    }

    /// <summary>The factory as a function of the device, the form the trainer (<c>BioVision.Training.Trainer</c>) takes.</summary>
    /// <param name="spec">What to build.</param>
    public static Func<Device, nn.Module<Tensor, Tensor>> For(ModelSpec spec) => device => Create(spec, device);
}
