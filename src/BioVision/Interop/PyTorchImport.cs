using BioVision.Serialization;
using System.Globalization;
using System.Text.RegularExpressions;
using BioVision.Models;
using BioVision.Training;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Interop;

/// <summary>
/// Builds BioVision models from PyTorch checkpoints: the reference VOneNets (<see cref="LoadVOneNet"/>) and torchvision backbones (<see cref="LoadTorchvision"/>). The
/// architecture is inferred from the state-dict keys and shapes, the V1 options from the training flags where the
/// checkpoint records them (reference defaults otherwise, each such choice listed in <see cref="ImportSummary.Notes"/>).
/// </summary>
public static partial class PyTorchImport
{
    /// <summary>Keys of the adversarially trained VOneResNet50 checkpoint that the model does not use (the reference drops them too).</summary>
    public static IReadOnlyList<string> KnownExtraKeys { get; } = ["vone_block.div_u.weight", "vone_block.div_t.weight"];

    /// <summary>Loads a reference VOneNet checkpoint (VOneResNet50, its adversarially trained and non-stochastic versions, VOneAlexNet, or a VOneNet with a ResNet-18 back end).</summary>
    /// <param name="path">A <c>.pth</c>/<c>.pth.tar</c>/<c>.safetensors</c> file.</param>
    /// <param name="device">Device for the model (CPU when null).</param>
    /// <param name="strict">True (default): any missing, unexpected or mis-shaped key is an error naming them.</param>
    /// <exception cref="DataFormatException">Not a VOneNet checkpoint, or an unreadable file.</exception>
    /// <exception cref="NotSupportedException">A back end BioVision does not have (CORnet-S).</exception>
    /// <exception cref="StateDictMismatchException">Strict and the keys do not match the inferred model.</exception>
    public static ImportedModel LoadVOneNet(string path, Device? device = null, bool strict = true)
    {
        using var ckpt = PyTorchCheckpoint.Read(path);
        var sd = ckpt.StateDict;
        if (!sd.TryGetValue("vone_block.simple_conv_q0.weight", out var q0))
        {
            throw new DataFormatException(
                $"'{path}' is not a VOneNet checkpoint: it has no 'vone_block.simple_conv_q0.weight' (first keys: {FirstKeys(sd)}). For a plain backbone use the torchvision import.");
        }

        if (q0.dim() != 4 || q0.shape[2] != q0.shape[3])
        {
            throw new DataFormatException($"'{path}': vone_block.simple_conv_q0.weight has shape [{string.Join(", ", q0.shape)}], not [channels, colours, k, k].");
        }

        var notes = new List<string>();
        var block = BlockOptions(ckpt, (int)q0.shape[0], (int)q0.shape[1], (int)q0.shape[2], notes);
        int bottleneck = sd.TryGetValue("bottleneck.weight", out var b) ? (int)b.shape[0] : 64;
        var (kind, backEnd, classes) = BackEnd(sd, "model.", stem: false, inputChannels: 3, path);
        var net = new VOneNet(new VOneBlock(block), backEnd, sd.ContainsKey("bottleneck.weight") ? bottleneck : null);
        return Finish(net, ckpt, new ModelSpec
        {
            Backbone = kind,
            VOne = true,
            Classes = classes,
            InputChannels = block.InputChannels,
            ImageSize = block.ImageSize,
            VOneBlock = block,
        }, notes, strict, device);
    }

    /// <summary>
    /// Loads a reference EVNet checkpoint (lucaspiper99/evnet: <c>torch.save({"model": state_dict, ...})</c>, as the released
    /// EVResNet50 weights) into an <see cref="EVNet"/> whose every key lines up: the subcortical block's P and M channel
    /// counts and input channels, the V1 block's filter count and kernel, the bottleneck and the back end are read from
    /// the weights; the rest are EVNet's standard settings at <paramref name="imageSize"/> (the checkpoints record no
    /// flags). Equal simple and complex halves are assumed, as the reference always builds them.
    /// </summary>
    /// <param name="path">The <c>.pth</c> file.</param>
    /// <param name="imageSize">Image side the model was trained at (224 for the released weights; 7° at 32 px/deg).</param>
    /// <param name="device">Device for the model (CPU when null).</param>
    /// <param name="strict">True (default): any missing, unexpected or mis-shaped key is an error naming them.</param>
    /// <exception cref="DataFormatException">Not an EVNet checkpoint, or an unreadable file.</exception>
    /// <exception cref="NotSupportedException">An EVNet variant BioVision does not build (one pathway only, LGN-to-V2 connections, a CORnet or EfficientNet back end).</exception>
    public static ImportedModel LoadEVNet(string path, int imageSize = 224, Device? device = null, bool strict = true)
    {
        using var ckpt = PyTorchCheckpoint.Read(path);
        var sd = ckpt.StateDict;
        if (!sd.TryGetValue("subcorticalblock.k_exc", out var kExc) || !sd.TryGetValue("voneblock.simple_conv_q0.weight", out var q0))
        {
            string hint = sd.Keys.Any(k => k.StartsWith("evblock.", StringComparison.Ordinal))
                ? " It is the lgn-v2-connection variant (evblock.*), which BioVision does not build."
                : string.Empty;
            throw new DataFormatException($"'{path}' is not an EVNet checkpoint: it has no 'subcorticalblock.k_exc' and 'voneblock.simple_conv_q0.weight' (first keys: {FirstKeys(sd)}).{hint}");
        }

        if (!sd.TryGetValue("subcorticalblock.dog.multi_conv.convs.0.weight", out var p) || !sd.TryGetValue("subcorticalblock.dog.multi_conv.convs.1.weight", out var m))
        {
            throw new NotSupportedException($"'{path}' has a subcortical block with one pathway (the no-p-cells or no-m-cells ablation): BioVision builds EVNet's P + M variants.");
        }

        if (q0.dim() != 4 || q0.shape[2] != q0.shape[3] || kExc.numel() != p.shape[0] + m.shape[0])
        {
            throw new DataFormatException($"'{path}': the V1 filters [{string.Join(", ", q0.shape)}] or the gain [{string.Join(", ", kExc.shape)}] do not have EVNet's shapes.");
        }

        if (!sd.Keys.Any(k => k.StartsWith("model.", StringComparison.Ordinal)))
        {
            throw new DataFormatException($"'{path}' has no back end (no 'model.*' keys): load a front end alone into an EVNet with load_state_dict and a skip list.");
        }

        int inputChannels = (int)p.shape[1];
        int filters = (int)q0.shape[0];
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"EVNet checkpoints record no settings: EVNet's standard variant at {imageSize} px assumed, {filters - (filters / 2)} simple + {filters / 2} complex cells"),
        };
        var options = EVNetOptions.ForImageSize(imageSize, inputChannels);
        options = options with
        {
            Subcortical = options.Subcortical with { PChannels = (int)p.shape[0], MChannels = (int)m.shape[0] },
            VOneBlock = options.VOneBlock with
            {
                SimpleChannels = filters - (filters / 2),
                ComplexChannels = filters / 2,
                KernelSize = (int)q0.shape[2],
                InputChannels = (int)q0.shape[1],
            },
        };
        var (kind, backEnd, classes) = BackEnd(sd, "model.", stem: false, inputChannels: options.VOneBlock.InputChannels, path);
        int bottleneck = sd.TryGetValue("voneblock_bottleneck.weight", out var b) ? (int)b.shape[0] : 64;
        var net = new EVNet(new Subcortical.SubcorticalBlock(options.Validate().Subcortical), new VOneBlock(options.VOneBlock), backEnd, bottleneck);
        return Finish(net, ckpt, new ModelSpec
        {
            Backbone = kind,
            VOne = true,
            FrontEnd = FrontEndKind.EVNet,
            Classes = classes,
            InputChannels = inputChannels,
            ImageSize = imageSize,
            VOneBlock = options.VOneBlock,
            Subcortical = options.Subcortical,
        }, notes, strict, device);
    }

    /// <summary>Loads torchvision ResNet-18/50 or AlexNet weights (any number of classes) into BioVision's backbone of the same names.</summary>
    /// <param name="path">A <c>.pth</c>/<c>.pt</c>/<c>.safetensors</c> file (bare state dict or a checkpoint with <c>state_dict</c>/<c>model</c>).</param>
    /// <param name="device">Device for the model (CPU when null).</param>
    /// <param name="strict">True (default): any missing, unexpected or mis-shaped key is an error naming them.</param>
    /// <exception cref="DataFormatException">Not a torchvision ResNet/AlexNet state dict, or an unreadable file.</exception>
    /// <exception cref="StateDictMismatchException">Strict and the keys do not match the inferred model.</exception>
    public static ImportedModel LoadTorchvision(string path, Device? device = null, bool strict = true)
    {
        using var ckpt = PyTorchCheckpoint.Read(path);
        var sd = ckpt.StateDict;
        int inputChannels = sd.TryGetValue("conv1.weight", out var c1) ? (int)c1.shape[1]
            : sd.TryGetValue("features.0.weight", out var f0) ? (int)f0.shape[1] : 3;
        var (kind, model, classes) = BackEnd(sd, "", stem: true, inputChannels, path);
        return Finish(model, ckpt, new ModelSpec
        {
            Backbone = kind,
            VOne = false,
            Classes = classes,
            InputChannels = inputChannels,
            ImageSize = 224,
        }, ["image size is not recorded in torchvision weights: 224 assumed"], strict, device);
    }

    private static ImportedModel Finish(nn.Module<Tensor, Tensor> model, PyTorchCheckpoint ckpt, ModelSpec spec, List<string> notes, bool strict, Device? device)
    {
        try
        {
            var report = StateDictLoader.Load(model, ckpt.StateDict, new StateDictLoadOptions { Strict = strict, Ignore = KnownExtraKeys });
            model.eval();
            if (device is not null)
            {
                model.to(device);
            }

            var summary = new ImportSummary
            {
                Layout = ckpt.Layout,
                Arch = ckpt.Arch,
                Epoch = ckpt.Epoch,
                Spec = spec,
                BackboneWidth = (model is VOneNet v ? v.BackEnd : model is EVNet ev ? ev.BackEnd : model) is ResNet r ? r.Width : null,
                Notes = notes,
                Report = report,
            };
            return new ImportedModel(model, summary);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static VOneBlockOptions BlockOptions(PyTorchCheckpoint ckpt, int channels, int inputChannels, int kernel, List<string> notes)
    {
        var d = new VOneBlockOptions();
        double Number(string name, double fallback, string what)
        {
            if (ckpt.FlagNumber(name) is double v)
            {
                return v;
            }

            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{what} ({name}) not recorded: reference default {fallback} used"));
            return fallback;
        }

        int simple, complex;
        if (ckpt.FlagNumber("simple_channels") is double s && ckpt.FlagNumber("complex_channels") is double c && (int)s + (int)c == channels)
        {
            (simple, complex) = ((int)s, (int)c);
        }
        else if (ckpt.FlagNumber("simple_channels") is double s2 && s2 > 0 && s2 < channels)
        {
            (simple, complex) = ((int)s2, channels - (int)s2);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"complex_channels flag does not add up to the {channels} filters: {complex} complex channels taken from the weights"));
        }
        else
        {
            (simple, complex) = (channels - (channels / 2), channels / 2);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"simple/complex split not recorded: {simple} + {complex} assumed (the reference always uses equal halves)"));
        }

        if (ckpt.FlagNumber("ksize") is double k && (int)k != kernel)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"ksize flag {k} differs from the weights' {kernel}: the weights win"));
        }

        NoiseMode noise;
        if (ckpt.HasFlag("noise_mode"))
        {
            string? mode = ckpt.FlagString("noise_mode");
            noise = mode?.ToLowerInvariant() switch
            {
                null or "none" => NoiseMode.None,
                "neuronal" => NoiseMode.Neuronal,
                "gaussian" => NoiseMode.Gaussian,
                _ => throw new DataFormatException($"Unknown noise_mode '{mode}' in the checkpoint flags (expected neuronal, gaussian or None)."),
            };
        }
        else
        {
            noise = d.NoiseMode;
            notes.Add("noise mode (noise_mode) not recorded: reference default neuronal used");
        }

        double degrees = Number("visual_degrees", d.VisualDegrees, "visual angle");
        int imageSize = ckpt.FlagNumber("image_size") is double size ? (int)size : d.ImageSize;
        if (!ckpt.HasFlag("image_size"))
        {
            notes.Add("image size (image_size) not recorded: 224 assumed (only the noise and the Gabor parameters' meaning depend on it)");
        }

        return new VOneBlockOptions
        {
            SimpleChannels = simple,
            ComplexChannels = complex,
            InputChannels = inputChannels,
            KernelSize = kernel,
            Stride = (int)Number("stride", d.Stride, "stride"),
            ImageSize = imageSize,
            VisualDegrees = degrees,
            KExc = Number("k_exc", d.KExc, "gain"),
            NoiseMode = noise,
            NoiseScale = Number("noise_scale", d.NoiseScale, "noise scale"),
            NoiseLevel = Number("noise_level", d.NoiseLevel, "noise level"),
            Sampler = d.Sampler with
            {
                Seed = ckpt.FlagNumber("gabor_seed") is double seed ? (long)seed : d.Sampler.Seed,
                SfCorrelation = ckpt.FlagNumber("sf_corr") ?? d.Sampler.SfCorrelation,
                SfMax = ckpt.FlagNumber("sf_max") ?? d.Sampler.SfMax,
                SfMin = ckpt.FlagNumber("sf_min") ?? d.Sampler.SfMin,
            },
        }.Validate();
    }

    private static (BackboneKind Kind, nn.Module<Tensor, Tensor> Model, int Classes) BackEnd(IReadOnlyDictionary<string, Tensor> sd, string prefix, bool stem, int inputChannels, string path)
    {
        if (sd.ContainsKey(prefix + "layer1.0.conv1.weight"))
        {
            bool bottleneck = sd.ContainsKey(prefix + "layer1.0.conv3.weight");
            var layers = new int[4];
            var pattern = LayerKey();
            foreach (string key in sd.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && pattern.Match(key[prefix.Length..]) is { Success: true } m)
                {
                    int layer = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
                    int index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                    if (layer is >= 0 and < 4)
                    {
                        layers[layer] = Math.Max(layers[layer], index + 1);
                    }
                }
            }

            int classes = Classes(sd, prefix + "fc.weight", path);
            var kind = (bottleneck, layers) switch
            {
                (true, [3, 4, 6, 3]) => BackboneKind.ResNet50,
                (false, [2, 2, 2, 2]) => BackboneKind.ResNet18,
                _ => throw new NotSupportedException(
                    $"'{path}': a ResNet with {(bottleneck ? "bottleneck" : "basic")} blocks [{string.Join(", ", layers)}]; BioVision imports ResNet-18 [2, 2, 2, 2] and ResNet-50 [3, 4, 6, 3]."),
            };
            int width = (int)sd[prefix + "layer1.0.conv1.weight"].shape[0];
            var model = kind == BackboneKind.ResNet50 ? ResNet.ResNet50(classes, stem, inputChannels, width) : ResNet.ResNet18(classes, stem, inputChannels, width);
            return (kind, model, classes);
        }

        if (sd.ContainsKey(prefix + "features.0.weight") && sd.ContainsKey(prefix + "classifier.6.weight"))
        {
            int classes = Classes(sd, prefix + "classifier.6.weight", path);
            return (BackboneKind.AlexNet, new AlexNet(classes, stem, inputChannels), classes);
        }

        if (sd.Keys.Any(k => k.StartsWith(prefix + "V2.", StringComparison.Ordinal)))
        {
            throw new NotSupportedException($"'{path}' is a VOneCORnet-S: BioVision has no CORnet-S back end (ResNet-18/50 and AlexNet are supported).");
        }

        throw new DataFormatException($"'{path}': no ResNet (layer1.0.conv1) or AlexNet (features.0, classifier.6) keys under '{prefix}' (first keys: {FirstKeys(sd)}).");
    }

    private static int Classes(IReadOnlyDictionary<string, Tensor> sd, string key, string path) =>
        sd.TryGetValue(key, out var w) && w.dim() == 2 ? (int)w.shape[0] : throw new DataFormatException($"'{path}': no 2-D '{key}' to read the number of classes from.");

    private static string FirstKeys(IReadOnlyDictionary<string, Tensor> sd) => string.Join(", ", sd.Keys.Order(StringComparer.Ordinal).Take(5));

    [GeneratedRegex(@"^layer(\d)\.(\d+)\.")]
    private static partial Regex LayerKey();
}
