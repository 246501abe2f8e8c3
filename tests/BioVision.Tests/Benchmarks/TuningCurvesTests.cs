using BioVision.Benchmarks.V1Properties;
using Xunit;

namespace BioVision.Tests.Benchmarks;

public sealed class TuningCurvesTests
{
    private static readonly double[] Orientations = MarquesStimuli.Orientations.ToArray();

    [Fact]
    public void SplineReproducesACubicExactly()
    {
        // Not-a-knot cubic splines are exact for cubic polynomials (also when extrapolating with the end pieces).
        static double F(double x) => (0.5 * x * x * x) - (2 * x * x) + x - 3;
        var xs = new[] { 0.0, 0.7, 1.5, 2.0, 3.1, 4.0 };
        var spline = new InterpolatingSpline(xs, xs.Select(F).ToArray());
        foreach (double x in new[] { -0.5, 0.3, 1.9, 2.5, 3.9, 4.4 })
        {
            Assert.Equal(F(x), spline.Evaluate(x), 9);
        }
    }

    [Fact]
    public void CircularVarianceIsZeroForOneOrientationAndOneForAFlatCurve()
    {
        var peaked = Orientations.Select(o => o == 45 ? 10.0 : 0).ToArray();
        Assert.Equal(0, TuningCurves.CircularVariance(peaked, Orientations), 12);
        Assert.Equal(1, TuningCurves.CircularVariance(Enumerable.Repeat(3.0, 12).ToArray(), Orientations), 12);
    }

    [Fact]
    public void OrientationTuningFindsAnOffGridPeak()
    {
        // von Mises in 2θ centred at 37 degrees.
        var curve = Orientations.Select(o => Math.Exp(2 * Math.Cos(2 * (o - 37) * Math.PI / 180))).ToArray();
        var (pref, width) = TuningCurves.OrientationTuning(curve, Orientations, null, 0.707);
        Assert.InRange(pref, 35, 39);

        // exp(2 cos 2Δ) falls to 0.707 of its peak where cos 2Δ = 1 + ln(0.707) / 2, Δ = 17.1 degrees.
        Assert.InRange(width, (2 * 17.1) - 3, (2 * 17.1) + 3);
        // Sampled peak at 30 degrees, orthogonal sample at 120.
        Assert.Equal(Math.Exp(2 * Math.Cos(2 * (120 - 37) * Math.PI / 180)) / Math.Exp(2 * Math.Cos(2 * (30 - 37) * Math.PI / 180)), TuningCurves.OrthogonalPreferredRatio(curve), 12);
    }

    [Fact]
    public void FlatOrientationCurveHasNoBandwidth()
    {
        var flat = Enumerable.Repeat(5.0, 12).ToArray();
        Assert.True(double.IsNaN(TuningCurves.OrientationTuning(flat, Orientations, TuningCurves.HanningFilter, 0.707).Bandwidth));
    }

    [Fact]
    public void SpatialFrequencyTuningOfALogGaussian()
    {
        var sfs = MarquesStimuli.SpatialFrequencies.ToArray();
        var curve = sfs.Select(f => Math.Exp(-Math.Pow(Math.Log2(f / 3), 2) / 2)).ToArray();
        var (peak, bandwidth) = TuningCurves.SpatialFrequencyTuning(curve, sfs, null);
        Assert.InRange(Math.Log2(peak / 3), -0.06, 0.06);

        // 0.707 of a Gaussian with sigma 1 octave at +-0.833 octaves: f_low / f_high = 2^-1.665 = 31.6 %.
        Assert.InRange(bandwidth, 29, 34);

        // A curve that only rises has no upper crossing: not selective.
        var rising = sfs.Select(f => f).ToArray();
        Assert.True(double.IsNaN(TuningCurves.SpatialFrequencyTuning(rising, sfs, TuningCurves.SmoothFilter).Bandwidth));
    }

    [Fact]
    public void SizeTuningOfAKnownCurve()
    {
        var radii = MarquesStimuli.Radii.ToArray();
        double[] curve = [1, 3, 6, 9.6, 10, 9, 8, 7, 6.05, 6, 6, 6];
        var (ssi, gsf, surround) = TuningCurves.SizeTuning(curve, radii);
        Assert.Equal(0.4, ssi, 12);
        Assert.Equal(2 * radii[3], gsf, 12);     // first at >= 9.5
        Assert.Equal(2 * radii[8], surround, 12); // first beyond the peak at <= 6.3

        var (weak, noGsf, noSurround) = TuningCurves.SizeTuning([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 9.5], radii);
        Assert.Equal(0.05, weak, 12);
        Assert.True(double.IsNaN(noGsf) && double.IsNaN(noSurround));
    }
}
