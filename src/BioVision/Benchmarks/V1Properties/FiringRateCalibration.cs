using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The affine map from activations to firing rates of the Marques et al. (2021) benchmarks (Brain-Score
/// <c>firing_rates_affine</c>): over the responsive units, the median blank response maps to the median spontaneous
/// rate and the median maximal orientation response (mean over phase) to the median maximal rate.
/// </summary>
public static class FiringRateCalibration
{
    /// <summary>Fits the map.</summary>
    /// <param name="blank">Trial-averaged blank responses, <c>[units]</c>.</param>
    /// <param name="orientation">Trial-averaged orientation-set responses, <c>[units, conditions × phases]</c> with the 8 phases last.</param>
    /// <param name="options">The calibration constants.</param>
    /// <returns>Slope and offset, and the responsive units (those whose best mean-over-phase response exceeds the
    /// blank by <c>ResponseThreshold / SingleMaximalRate</c> of the largest such excess). Slope is NaN when no unit is
    /// responsive or the responsive units' median maximal response does not exceed their median blank response.</returns>
    public static (double Slope, double Offset, int Responsive) Fit(Tensor blank, Tensor orientation, V1PropertiesOptions options)
    {
        ArgumentNullException.ThrowIfNull(blank);
        ArgumentNullException.ThrowIfNull(orientation);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var b = nn.functional.relu(blank.to(ScalarType.Float64));
        long units = b.shape[0];
        if (units == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        var best = nn.functional.relu(orientation.to(ScalarType.Float64)).view(units, -1, MarquesStimuli.Phases.Count).mean([2]).amax(1);
        var excess = best.sub(b);
        double limit = options.ResponseThreshold / options.SingleMaximalRate * excess.max().item<double>();
        var responsive = excess.gt(limit);
        int count = (int)responsive.sum().item<long>();
        if (count == 0)
        {
            return (double.NaN, double.NaN, 0);
        }

        double medianBlank = b.masked_select(responsive).quantile(0.5).item<double>();
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
