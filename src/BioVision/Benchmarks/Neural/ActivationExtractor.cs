using BioVision.Runs;
using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Models;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Shows a stimulus set to a model and records named layers: batched, on the model's device, without gradients, in
/// evaluation mode (restored afterwards), averaging a stochastic model's noise draws, and reducing large layers batch
/// by batch so activations of all layers × all stimuli never exist at full size.
/// </summary>
/// <remarks>
/// Input contract: images are float pixels in [0, 1] (as <see cref="IImageDataset"/> returns them); normalisation
/// belongs inside the model. With <see cref="ExtractionOptions.Input"/> set, images are converted between grayscale and
/// RGB and resized with the one model-input resize, <see cref="ImageResize"/> (bilinear, antialiased when shrinking),
/// on the device, to what the model expects.
/// </remarks>
/// <example>
/// <code>
/// using var acts = ActivationExtractor.Extract(model, stimuli, new ExtractionOptions { NoiseDraws = 4 });
/// Rdms layerRdms = acts.Rdms(); // one correlation-distance RDM per layer, computed on the device
/// </code>
/// </example>
public static class ActivationExtractor
{
    /// <summary>Records the layers of <paramref name="model"/> for every image of <paramref name="stimuli"/>.</summary>
    /// <param name="model">The model; its parameters' device is used (CPU for a model without parameters).</param>
    /// <param name="stimuli">Images in [0, 1].</param>
    /// <param name="options">Options (defaults when null).</param>
    /// <param name="progress">Receives the number of images done after each batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">A requested layer is not reported by the model, or the set is empty.</exception>
    public static LayerActivations Extract(nn.Module<Tensor, Tensor> model, IImageDataset stimuli, ExtractionOptions? options = null,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stimuli);
        options ??= new ExtractionOptions();
        options.Validate();
        if (stimuli.Count == 0)
        {
            throw new ArgumentException("The stimulus set is empty.", nameof(stimuli));
        }

        var available = model is IActivationModel tapped ? tapped.ActivationNames : ["output"];
        var layers = options.Layers ?? available;
        foreach (string l in layers)
        {
            if (!available.Contains(l))
            {
                throw new ArgumentException($"The model does not report a layer '{l}'; it reports: {string.Join(", ", available)}.", nameof(options));
            }
        }

        Device device = ModelDevice(model);
        int n = stimuli.Count;
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var original = new Dictionary<string, long>(StringComparer.Ordinal);
        var sketches = new Dictionary<string, FeatureSketch>(StringComparer.Ordinal);
        bool wasTraining = model.training;
        model.eval();

        // Decided in the mode the model runs in (evaluation), so a block whose noise follows the training flag is deterministic here.
        int draws = StochasticModules.IsStochastic(model) ? options.NoiseDraws : 1;
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < n; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(options.BatchSize, n - start);
                using var scope = NewDisposeScope();
                var images = new Tensor[count];
                for (int i = 0; i < count; i++)
                {
                    images[i] = stimuli.GetImage(start + i);
                }

                var batch = Prepare(stack(images).to(device), options.Input);
                var sums = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                for (int d = 0; d < draws; d++)
                {
                    using var drawScope = NewDisposeScope();
                    var (_, acts) = model.ForwardWithActivations(batch);
                    foreach (string l in layers)
                    {
                        var flat = acts[l].reshape(count, -1);
                        long features = flat.shape[1];
                        if (!original.TryGetValue(l, out long known))
                        {
                            original[l] = features;
                            if (options.MaxFeatures is int k && features > k)
                            {
                                sketches[l] = new FeatureSketch(features, k, FeatureSketch.LayerSeed(options.Seed, l), device);
                            }
                        }
                        else if (known != features)
                        {
                            throw new ArgumentException($"Layer '{l}' changed size from {known} to {features} features between batches (images of different sizes?).", nameof(stimuli));
                        }

                        var reduced = sketches.TryGetValue(l, out var sketch) ? sketch.Apply(flat) : flat.to(ScalarType.Float32);
                        if (sums.TryGetValue(l, out var sum))
                        {
                            sum.add_(reduced);
                        }
                        else
                        {
                            sums[l] = reduced.clone().MoveToOuterDisposeScope(); // into the batch's scope
                        }
                    }
                }

                foreach (string l in layers)
                {
                    var mean = sums[l].div_(draws);
                    if (!outputs.TryGetValue(l, out var target))
                    {
                        target = zeros([n, mean.shape[1]], dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
                        outputs[l] = target;
                    }

                    target.narrow(0, start, count).copy_(mean);
                }

                progress?.Report(new RunProgress("extracting activations", start + count, n, "images"));
            }
        }
        catch
        {
            foreach (var t in outputs.Values)
            {
                t.Dispose();
            }

            throw;
        }
        finally
        {
            foreach (var s in sketches.Values)
            {
                s.Dispose();
            }

            model.train(wasTraining);
        }

        return new LayerActivations([.. layers], outputs, original, n, draws);
    }

    /// <summary>The device of a model's first parameter (CPU when it has none).</summary>
    /// <param name="model">The model.</param>
    public static Device ModelDevice(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var p in model.parameters())
        {
            return p.device;
        }

        return CPU;
    }

    /// <summary>
    /// Converts a batch <c>[n, c, h, w]</c> in [0, 1] to the model's channels (grayscale → RGB by repetition, RGB →
    /// grayscale by ITU-R 601 luma) and size (<see cref="ImageResize"/>); a no-op when they match.
    /// </summary>
    /// <param name="batch">Images on any device.</param>
    /// <param name="input">Target input, or null to leave the batch as it is.</param>
    /// <returns>
    /// The converted batch, contiguous: the batch's own values (possibly sharing its storage) when channels and size
    /// already match, <paramref name="batch"/> itself when <paramref name="input"/> is null.
    /// </returns>
    /// <exception cref="ArgumentException">The batch is not <c>[n, c, h, w]</c>, or its channels cannot be converted.</exception>
    public static Tensor Prepare(Tensor batch, ModelInput? input)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (input is null)
        {
            return batch;
        }

        if (batch.dim() != 4)
        {
            throw new ArgumentException($"Expected a batch [n, c, h, w], got shape [{string.Join(", ", batch.shape)}].", nameof(batch));
        }

        var x = batch;
        if (x.shape[1] != input.Channels)
        {
            x = (x.shape[1], input.Channels) switch
            {
                (1, 3) => x.expand(-1, 3, -1, -1),
                (3, 1) => ((x[.., 0..1] * 0.299) + (x[.., 1..2] * 0.587) + (x[.., 2..3] * 0.114)),
                _ => throw new ArgumentException($"Cannot convert {x.shape[1]}-channel images to {input.Channels} channels.", nameof(batch)),
            };
        }

        var resized = ImageResize.Apply(x, input.Height, input.Width);
        return resized.is_contiguous() ? resized : resized.contiguous();
    }
}
