using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Models;

/// <summary>Helpers to read named activations from any model.</summary>
public static class ActivationExtensions
{
    /// <summary>
    /// Runs <paramref name="model"/> and returns its output with the named activations; a model that does not implement
    /// <see cref="IActivationModel"/> reports only <c>output</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="input">The input batch.</param>
    public static (Tensor Output, IReadOnlyDictionary<string, Tensor> Activations) ForwardWithActivations(this nn.Module<Tensor, Tensor> model, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(model);
        var activations = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        Tensor output;
        if (model is IActivationModel tapped)
        {
            output = tapped.Forward(input, activations);
        }
        else
        {
            output = model.forward(input);
            activations["output"] = output;
        }

        return (output, activations);
    }

    internal static Tensor Tap(this Tensor value, IDictionary<string, Tensor>? activations, string name)
    {
        if (activations is not null)
        {
            activations[name] = value;
        }

        return value;
    }

    internal static Tensor ForwardTapped(this nn.Module<Tensor, Tensor> module, Tensor input, IDictionary<string, Tensor>? activations, string prefix)
    {
        if (module is IActivationModel tapped && activations is not null)
        {
            var inner = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var output = tapped.Forward(input, inner);
            foreach (var (name, value) in inner)
            {
                activations[prefix + "." + name] = value;
            }

            return output;
        }

        return module.forward(input).Tap(activations, prefix);
    }

    /// <summary>
    /// Ends a tapped forward pass: moves the output and each distinct tapped tensor exactly once to the caller's dispose
    /// scope and copies the taps into <paramref name="target"/>.
    /// </summary>
    internal static Tensor Publish(Tensor output, Dictionary<string, Tensor>? local, IDictionary<string, Tensor>? target)
    {
        var moved = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { output };
        output.MoveToOuterDisposeScope();
        if (local is not null && target is not null)
        {
            foreach (var (name, value) in local)
            {
                if (moved.Add(value))
                {
                    value.MoveToOuterDisposeScope();
                }

                target[name] = value;
            }
        }

        return output;
    }

    internal static void KaimingFanOut(nn.Module module)
    {
        foreach (var (_, m) in module.named_modules())
        {
            if (m is TorchSharp.Modules.Conv2d conv)
            {
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            }
        }
    }
}
