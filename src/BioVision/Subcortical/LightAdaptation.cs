using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Subcortical;

/// <summary>
/// The reference's <c>LightAdaptation</c>: each image divided by its mean luminance, <c>(x − μ)/(μ + ε)</c>, μ the mean
/// over channels and pixels of that image, ε = 1e-5; with the threshold, μ averages only the pixels above 0.05 (μ = 0
/// when none is) and ε = 0.05. It holds no state.
/// </summary>
/// <remarks>
/// The reference returns one identical copy per pathway (<c>[N, pathways·C, H, W]</c>) for the pathways to read by
/// channel index; this module returns the single copy <c>[N, C, H, W]</c>, which the difference of Gaussians of every
/// pathway reads (the same values), and the block repeats it only where the copies themselves travel on (the DoG stage off).
/// </remarks>
public sealed class LightAdaptation : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the stage.</summary>
    /// <param name="threshold">Whether μ averages only pixels above 0.05 (reference <c>light_adapt_threshold</c>).</param>
    public LightAdaptation(bool threshold) : base(nameof(LightAdaptation))
    {
        Threshold = threshold;
        Epsilon = threshold ? SubcorticalBlockOptions.LightAdaptThresholdValue : SubcorticalBlockOptions.Epsilon;
        RegisterComponents();
    }

    /// <summary>Whether μ averages only the pixels above <see cref="Epsilon"/>.</summary>
    public bool Threshold { get; }

    /// <summary>The denominator constant (and, with the threshold, the luminance threshold): 1e-5, or 0.05 with the threshold.</summary>
    public double Epsilon { get; }

    /// <summary>The mean luminance μ of each image, <c>[N, 1, 1, 1]</c>.</summary>
    /// <param name="input">Images <c>[N, C, H, W]</c>.</param>
    public Tensor Mean(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long[] dims = [1, 2, 3];
        if (!Threshold)
        {
            return input.mean(dims, keepdim: true);
        }

        using var scope = NewDisposeScope();
        var mask = input.gt(Epsilon).to(input.dtype);
        var sum = input.mul(mask).sum(dims, keepdim: true);
        var count = mask.sum(dims, keepdim: true).clamp_min(1);
        return sum.div(count).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var mean = Mean(input);
        return input.sub(mean).div(mean.add(Epsilon)).MoveToOuterDisposeScope();
    }
}
