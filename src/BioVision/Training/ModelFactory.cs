using BioVision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>Builds the network described by a <see cref="ModelSpec"/> on a device.</summary>
public static class ModelFactory
{
    /// <summary>Creates the model. Parameters are initialised from torch's global generator (seed it first).</summary>
    /// <param name="spec">What to build.</param>
    /// <param name="device">Where the parameters live.</param>
    /// <exception cref="NotSupportedException">The backbone or the VOne front end is not available in this build yet.</exception>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(device);
        if (spec.VOne)
        {
            // Extension point: wrap the backbone behind the VOne block (src/BioVision/V1) here.
            throw new NotSupportedException($"Model {spec.Name}: the VOne front end is not wired into training yet.");
        }

        return spec.Backbone switch
        {
            BackboneKind.SmallCnn => new SmallCnn(spec.InputChannels, spec.Classes, spec.Width, device),

            // Extension point: the backbones of src/BioVision/Models are added here.
            _ => throw new NotSupportedException($"Backbone {spec.Backbone} is not wired into training yet; available: {BackboneKind.SmallCnn}."),
        };
    }

    /// <summary>The factory as a function of the device, the form <see cref="Trainer"/> takes.</summary>
    /// <param name="spec">What to build.</param>
    public static Func<Device, nn.Module<Tensor, Tensor>> For(ModelSpec spec) => device => Create(spec, device);
}
