using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The affine map from activations to firing rates of the Marques et al. (2021) benchmarks, computed as Brain-Score
/// computes it (<c>firing_rates_affine</c> in <c>brainscore_vision/benchmark_helpers/properties_common.py</c>,
/// github.com/brain-score/vision at commit c642dbe42aae3ed064bc0b66f70a80b264021164): over the responsive units, the
/// median blank response maps to the median spontaneous rate and the median maximal orientation response (mean over
/// phase) to the median maximal rate.
/// </summary>
/// <remarks>
/// The rule, step by step, on the units kept by the receptive-field selection (all arithmetic in float64):
/// <list type="number">
/// <item>Blank and orientation responses are rectified (negative values set to 0) first.</item>
/// <item>Each unit's best response <c>m_u</c> is the maximum over the orientation conditions of its mean over the 8
/// phases (the reference's <c>mean(axis=4).reshape((n, -1)).max(axis=1)</c>).</item>
/// <item>Each unit is compared with its <i>own</i> blank <c>b_u</c> (the first blank presentation, the reference's
/// <c>blank_activations[:, 0]</c>): unit <c>u</c> is responsive when <c>m_u − b_u &gt; (ResponseThreshold /
/// SingleMaximalRate) · max_v (m_v − b_v)</c>, the maximum taken over units (one excess per unit, not per unit and
/// stimulus).</item>
/// <item>Over the responsive units, the medians (numpy's <c>median</c>: the mean of the two middle values for an even
/// count) of the blank (every blank presentation of those units) and of <c>m_u</c> give
/// <c>slope = (MedianMaximalRate − MedianSpontaneousRate) / (median m − median b)</c> and
/// <c>offset = MedianSpontaneousRate − slope · median b</c>.</item>
/// </list>
/// One departure: where the reference would return a non-positive or infinite slope (or NaN from an empty median),
/// <see cref="Fit"/> returns NaN so that the layer is reported unscored rather than scored with inverted rates.
/// </remarks>
public static class FiringRateCalibration
{
    /// <summary>Fits the map.</summary>
    /// <param name="blank">Trial-averaged blank responses, <c>[units]</c> or <c>[units, presentations]</c> (the
    /// benchmark records one blank, <c>[units, 1]</c>); each unit is compared with its own first presentation.</param>
    /// <param name="orientation">Trial-averaged orientation-set responses, <c>[units, conditions × phases]</c> with the 8
    /// phases last.</param>
    /// <param name="options">The calibration constants.</param>
    /// <returns>Slope and offset, and the number of responsive units (those whose best mean-over-phase response exceeds
    /// their own blank by more than <c>ResponseThreshold / SingleMaximalRate</c> of the largest such excess over units).
    /// Slope and offset are NaN when no unit is responsive or the responsive units' median maximal response does not
    /// exceed their median blank response.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree: blank not of rank 1 or 2, orientation not of rank 2,
    /// different unit counts, or an orientation row that is not a whole number of 8-phase conditions.</exception>
    public static (double Slope, double Offset, int Responsive) Fit(Tensor blank, Tensor orientation, V1PropertiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(blank);
        ArgumentNullException.ThrowIfNull(orientation);
        ArgumentNullException.ThrowIfNull(options);
        int phases = MarquesStimuli.Phases.Count;
        if (blank.dim() is not (1 or 2))
        {
            throw new ArgumentException($"The blank responses must be [units] or [units, presentations]; got shape [{string.Join(", ", blank.shape)}].", nameof(blank));
        }

        if (orientation.dim() != 2 || orientation.shape[0] != blank.shape[0] || orientation.shape[1] % phases != 0 || (orientation.shape[1] == 0 && blank.shape[0] > 0))
        {
            throw new ArgumentException($"The orientation responses must be [units, conditions × {phases} phases] with the blank's {blank.shape[0]} units; got shape [{string.Join(", ", orientation.shape)}].", nameof(orientation));
        }

        using var scope = NewDisposeScope();
        long units = blank.shape[0];
        if (units == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        var b = nn.functional.relu(blank.to(ScalarType.Float64)).view(units, -1);
        var best = nn.functional.relu(orientation.to(ScalarType.Float64)).view(units, -1, phases).mean([2]).amax(1);
        var excess = best.sub(b.select(1, 0));
        double limit = options.ResponseThreshold / options.SingleMaximalRate * excess.max().item<double>();
        var responsive = excess.gt(limit);
        int count = (int)responsive.sum().item<long>();
        if (count == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        double medianBlank = b.index(responsive).view(-1).quantile(0.5).item<double>();
        double medianBest = best.masked_select(responsive).quantile(0.5).item<double>();
        double slope = (options.MedianMaximalRate - options.MedianSpontaneousRate) / (medianBest - medianBlank);
        if (!(slope > 0) || double.IsInfinity(slope))
        {
            return (double.NaN, double.NaN, count);
        }

        return (slope, options.MedianSpontaneousRate - (slope * medianBlank), count);
    }

    /// <summary>Applies the map as the reference does: rectify, <c>slope · x + offset</c>, rectify.</summary>
    /// <param name="activations">Activations of any shape.</param>
    /// <param name="slope">The slope.</param>
    /// <param name="offset">The offset.</param>
    public static Tensor Apply(Tensor activations, double slope, double offset)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return nn.functional.relu(nn.functional.relu(activations).mul(slope).add_(offset));
    }
}
