using BioVision.Benchmarks.V1Properties;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks;

public sealed class FiringRateCalibrationTests
{
    private const int Phases = 8;

    // A designed layer: six units, one blank each, two orientation conditions of 8 phases.
    //   unit  blank  condition means (after rectification)   best m   m − b
    //   0     1      11, 3                                    11       10
    //   1     2      1, 6                                     6        4
    //   2     0.5    0.6, 0.2                                 0.6      0.1
    //   3     3      3, 2                                     3        0
    //   4     −1→0   (−4, 4, …)→2, −2→0                       2        2     (rectified before the phase mean: 2, not 0)
    //   5     0      0.5, 1                                   1        1
    // Threshold = 5 / 243.1 · 10 = 0.2057, so units 0, 1, 4, 5 are responsive. Median blank of {1, 2, 0, 0} = 0.5, median
    // best of {11, 6, 2, 1} = 4; slope = (33.8 − 0.82) / 3.5 = 9.422857142857142, offset = 0.82 − 0.5 · slope =
    // −3.891428571428571 (the same as a numpy re-implementation of Brain-Score's firing_rates_affine on these inputs).
    // The old rule, which broadcast the [units, 1] blank against the [units] best responses (36 pairs, 26 "responsive"),
    // gave 13.192 and −5.776.
    private static readonly double[] Blank = [1, 2, 0.5, 3, -1, 0];

    private static double[] Row(params double[][] conditions) => conditions.SelectMany(c => c).ToArray();

    private static double[] Flat(double v) => Enumerable.Repeat(v, Phases).ToArray();

    private static readonly double[][] Orientation =
    [
        Row(Flat(11), Flat(3)),
        Row(Flat(1), Flat(6)),
        Row(Flat(0.6), Flat(0.2)),
        Row(Flat(3), Flat(2)),
        Row([-4, 4, -4, 4, -4, 4, -4, 4], Flat(-2)),
        Row(Flat(0.5), Flat(1)),
    ];

    private const double ExpectedSlope = 9.422857142857142;
    private const double ExpectedOffset = -3.891428571428571;

    private static Tensor OrientationTensor() => tensor(Orientation.SelectMany(r => r).ToArray(), [Orientation.Length, 2 * Phases], ScalarType.Float32);

    [Fact]
    public void FitsTheReferenceRuleOnADesignedLayerWithOneBlankPerUnit()
    {
        // The benchmark passes the blank as [units, 1] (one blank stimulus); each unit must meet its own blank.
        using var blank = tensor(Blank, [Blank.Length, 1], ScalarType.Float32);
        using var orientation = OrientationTensor();
        var (slope, offset, responsive) = FiringRateCalibration.Fit(blank, orientation, new V1PropertiesOptions());

        Assert.Equal(4, responsive);
        Assert.Equal(ExpectedSlope, slope, 5); // float32 inputs, float64 arithmetic: agreement to 1e-5
        Assert.Equal(ExpectedOffset, offset, 5);
    }

    [Fact]
    public void AOneDimensionalBlankGivesTheSameFit()
    {
        using var blank = tensor(Blank, ScalarType.Float64);
        using var orientation = OrientationTensor();
        var (slope, offset, responsive) = FiringRateCalibration.Fit(blank, orientation, new V1PropertiesOptions());

        Assert.Equal(4, responsive);
        Assert.Equal(ExpectedSlope, slope, 5);
        Assert.Equal(ExpectedOffset, offset, 5);
    }

    [Fact]
    public void TheFittedMapSendsTheMediansToTheTargetRates()
    {
        // The calibrated responsive units' median blank is 0.82 spikes/s and median best response 33.8 spikes/s.
        var (slope, offset, _) = FiringRateCalibration.Fit(tensor(Blank, [Blank.Length, 1]), OrientationTensor(), new V1PropertiesOptions());
        Assert.Equal(0.82, (slope * 0.5) + offset, 5);
        Assert.Equal(33.8, (slope * 4) + offset, 5);
    }

    [Fact]
    public void NoResponsiveUnitGivesNaN()
    {
        // Every unit's gratings equal its blank: no excess anywhere, nothing responsive.
        using var blank = tensor(new double[] { 1, 2 }, [2, 1]);
        using var orientation = tensor(Row(Flat(1), Flat(0.5)).Concat(Row(Flat(2), Flat(2))).ToArray(), [2, 2 * Phases]);
        var (slope, offset, responsive) = FiringRateCalibration.Fit(blank, orientation, new V1PropertiesOptions());
        Assert.Equal(0, responsive);
        Assert.True(double.IsNaN(slope));
        Assert.True(double.IsNaN(offset));
    }

    [Fact]
    public void MismatchedShapesAreRefusedWithTheShapeNamed()
    {
        using var blank = tensor(Blank, [Blank.Length, 1]);
        using var fewer = zeros(5, 2 * Phases);
        var units = Assert.Throws<ArgumentException>(() => FiringRateCalibration.Fit(blank, fewer, new V1PropertiesOptions()));
        Assert.Contains("[5, 16]", units.Message, StringComparison.Ordinal);

        using var ragged = zeros(Blank.Length, 12);
        var phases = Assert.Throws<ArgumentException>(() => FiringRateCalibration.Fit(blank, ragged, new V1PropertiesOptions()));
        Assert.Contains("8 phases", phases.Message, StringComparison.Ordinal);

        using var cube = zeros(Blank.Length, 1, 1);
        var rank = Assert.Throws<ArgumentException>(() => FiringRateCalibration.Fit(cube, OrientationTensor(), new V1PropertiesOptions()));
        Assert.Contains("blank", rank.Message, StringComparison.Ordinal);
    }
}
