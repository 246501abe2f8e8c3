using BioVision.Runs;
using BioVision.Serialization;
using System.Collections;
using BioVision.Models;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Interop;

/// <summary>
/// Writes a BioVision model's weights for PyTorch: <c>torch.save</c> zip files (<see cref="SaveAsPyTorch"/>, written
/// with TorchSharp.PyBridge's pickler) and <c>.safetensors</c> (<see cref="SaveAsSafetensors"/>). The state-dict names are
/// PyTorch's (the V1 block's canonical <c>simple_conv_q0/q1.weight</c>, torchvision's ResNet/AlexNet names), so the
/// files load into the reference VOneNet or torchvision modules by name. Tensors are written as contiguous CPU copies.
/// </summary>
/// <example><code>
/// model.SaveAsPyTorch("vone_resnet18.pth");                                        // torch.load + load_state_dict
/// model.SaveAsPyTorch("vone.pth.tar", PyTorchFileLayout.VOneNetCheckpoint, epoch: 70); // the published layout
/// model.SaveAsSafetensors("vone_resnet18.safetensors");
/// </code></example>
public static class PyTorchExport
{
    /// <summary>Writes the weights as a <c>torch.save</c> zip file (atomically).</summary>
    /// <param name="model">The model (any device).</param>
    /// <param name="path">Output file.</param>
    /// <param name="layout">Bare state dict (default) or the published VOneNet checkpoint layout (needs a <see cref="VOneNet"/>).</param>
    /// <param name="epoch">Epoch recorded in the VOneNet checkpoint layout.</param>
    /// <exception cref="ArgumentException">The VOneNet layout was asked for a model that is not a <see cref="VOneNet"/>.</exception>
    public static void SaveAsPyTorch(this nn.Module model, string path, PyTorchFileLayout layout = PyTorchFileLayout.StateDict, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = ExportStateDict(model);
        try
        {
            IDictionary content;
            if (layout == PyTorchFileLayout.VOneNetCheckpoint)
            {
                if (model is not VOneNet net)
                {
                    throw new ArgumentException($"The VOneNet checkpoint layout needs a VOneNet; got {model.GetType().Name}.", nameof(model));
                }

                var prefixed = new Hashtable();
                foreach (var (key, value) in tensors)
                {
                    prefixed["module." + key] = value;
                }

                content = new Hashtable { ["flags"] = Flags(net), ["epoch"] = epoch, ["state_dict"] = prefixed };
            }
            else
            {
                content = tensors;
            }

            AtomicFile.Write(path, temp =>
            {
                using var stream = File.Create(temp);
                TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(stream, content);
            });
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Writes the weights as a <c>.safetensors</c> file (atomically).</summary>
    /// <param name="model">The model (any device).</param>
    /// <param name="path">Output file.</param>
    public static void SaveAsSafetensors(this nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = ExportStateDict(model);
        try
        {
            AtomicFile.Write(path, temp =>
            {
                using var stream = File.Create(temp);
                TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, tensors);
            });
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>The state dict as detached, contiguous CPU copies (the caller disposes them).</summary>
    /// <param name="model">The model.</param>
    public static Dictionary<string, Tensor> ExportStateDict(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in model.state_dict())
        {
            result[key] = value.detach().cpu().contiguous().clone();
        }

        return result;
    }

    /// <summary>The reference training script's flags for a VOneNet (names as in its argument parser).</summary>
    /// <param name="net">The model.</param>
    public static Hashtable Flags(VOneNet net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var o = net.Block.Options;
        string arch = net.BackEnd switch
        {
            ResNet { Block: ResidualBlockKind.Bottleneck } => "resnet50",
            ResNet => "resnet18",
            AlexNet => "alexnet",
            var other => other.GetType().Name.ToLowerInvariant(),
        };
        return new Hashtable
        {
            ["arch"] = arch,
            ["model_arch"] = arch,
            ["stride"] = o.Stride,
            ["ksize"] = o.KernelSize,
            ["simple_channels"] = o.SimpleChannels,
            ["complex_channels"] = o.ComplexChannels,
            ["k_exc"] = o.KExc,
            ["noise_mode"] = o.NoiseMode switch
            {
                NoiseMode.Neuronal => "neuronal",
                NoiseMode.Gaussian => "gaussian",
                _ => null,
            },
            ["noise_scale"] = o.NoiseScale,
            ["noise_level"] = o.NoiseLevel,
            ["visual_degrees"] = o.VisualDegrees,
            ["image_size"] = o.ImageSize,
            ["gabor_seed"] = o.Sampler.Seed,
            ["sf_corr"] = o.Sampler.SfCorrelation,
            ["sf_max"] = o.Sampler.SfMax,
            ["sf_min"] = o.Sampler.SfMin,
        };
    }
}
