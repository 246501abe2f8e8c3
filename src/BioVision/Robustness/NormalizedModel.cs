using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Robustness;

/// <summary>
/// Puts the input normalisation inside the model, as every robustness anchor does (ART <c>preprocessing</c>,
/// RobustBench, the VOneNet authors' mean = std = 0.5): the wrapper takes images in [0, 1] pixel space, so eps is
/// measured there, and forwards <c>(x - mean) / std</c> (per channel) to the inner model. State-dict keys of the inner
/// model appear under <c>model.</c>; <c>mean</c> and <c>std</c> are non-persistent buffers.
/// </summary>
public sealed class NormalizedModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly Tensor mean;
    private readonly Tensor std;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The model that expects normalised input.</param>
    /// <param name="mean">Per-channel mean (one value is broadcast to every channel).</param>
    /// <param name="std">Per-channel standard deviation, all positive.</param>
    /// <exception cref="ArgumentException">Empty or mismatched statistics, or a non-positive std.</exception>
    public NormalizedModel(nn.Module<Tensor, Tensor> inner, IReadOnlyList<float> mean, IReadOnlyList<float> std) : base(nameof(NormalizedModel))
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Normalisation needs as many means as stds (got {mean.Count} and {std.Count}).", nameof(std));
        }

        if (std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Every normalisation std must be positive.", nameof(std));
        }

        model = inner;
        Device device = inner.parameters().FirstOrDefault()?.device ?? CPU;
        this.mean = tensor(mean.ToArray(), new long[] { 1, mean.Count, 1, 1 }, ScalarType.Float32, device);
        this.std = tensor(std.ToArray(), new long[] { 1, std.Count, 1, 1 }, ScalarType.Float32, device);
        RegisterComponents();
    }

    /// <summary>The wrapped model.</summary>
    public nn.Module<Tensor, Tensor> Inner => model;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return model.forward(input.sub(mean).div(std));
    }
}
