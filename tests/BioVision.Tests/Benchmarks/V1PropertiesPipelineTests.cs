using BioVision.Benchmarks.V1Properties;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks;

/// <summary>One pass of the whole pipeline over synthetic layers with known tuning, shared by the law tests.</summary>
public sealed class V1PipelineFixture
{
    internal static readonly ScreenGeometry Screen = new() { ImageSize = 64, Channels = 1, VisualDegrees = 4, Supersampling = 2 };

    internal static readonly SyntheticUnit[] Recovery =
    [
        new(7, 1.2, 0.5 / 1.2), new(37, 2.0, 0.25), new(71, 3.0, 0.5 / 3), new(100, 4.0, 0.125),
        new(133, 1.6, 0.5 / 1.6), new(160, 2.5, 0.2), new(52, 3.5, 0.5 / 3.5), new(118, 1.0, 0.5),
    ];

    // A hard-disc centre of radius R[5] and an annular surround to R[7] at 3.08 cpd: (R7² − R5²) / R5² = 3, so a
    // surround weight of 0.1 gives a suppression index of 0.3, a summation field of 2 R[5] and a surround diameter of 2 R[7].
    internal static readonly SyntheticUnit Suppressed = new(0, MarquesStimuli.SpatialFrequencies[12], 0, MarquesStimuli.Radii[5], MarquesStimuli.Radii[7], 0.1);

    public V1PipelineFixture()
    {
        var random = new Random(7);
        int[] histogram = MarquesDistributions.PreferredOrientation.Histogram.ToArray();
        var deValois = new List<SyntheticUnit>();
        for (int i = 0; i < 120; i++)
        {
            int pick = random.Next(histogram.Sum()), bin = 0;
            while (pick >= histogram[bin])
            {
                pick -= histogram[bin++];
            }

            double orientation = -22.5 + (45 * bin) + (45 * random.NextDouble());
            deValois.Add(new SyntheticUnit(orientation < 0 ? orientation + 180 : orientation, MarquesStimuli.SpatialFrequencies[12], 0.2));
        }

        DeValoisOrientations = deValois.Select(u => u.Orientation).ToArray();
        Model = new SyntheticV1Model(Screen, 0, 0);
        Model.AddUnits("recovery", Recovery);
        Model.AddUnits("surround", [Suppressed]);
        Model.AddUnits("devalois", deValois);
        Model.AddUnits("identical", Enumerable.Repeat(new SyntheticUnit(90, MarquesStimuli.SpatialFrequencies[12], 0.2), 20).ToArray());
        Model.AddDerived("reversed", "devalois", flip: true, noise: 0);
        Result = V1PropertiesBenchmark.Run(Model, "synthetic", ["recovery", "surround", "devalois", "identical", "reversed"], Options, CPU);
    }

    internal static V1PropertiesOptions Options => new() { Screen = Screen, PositionX = 0, PositionY = 0, BatchSize = 256 };

    internal SyntheticV1Model Model { get; }

    internal double[] DeValoisOrientations { get; }

    public V1PropertiesResult Result { get; }

    public LayerV1Properties Layer(string name) => Result.Layers.Single(l => l.Layer == name);
}

public sealed class V1PropertiesPipelineTests(V1PipelineFixture fixture) : IClassFixture<V1PipelineFixture>
{
    [Fact]
    public void DeterministicModelIsShownEachStimulusOnce()
    {
        Assert.False(fixture.Result.Stochastic);
        Assert.Equal(1, fixture.Result.Trials);
        Assert.Equal(1, fixture.Result.MappingTrials);
        Assert.Equal(2 + 1 + 3528 + 1 + 1152 + 2112 + 2304, fixture.Result.Presentations);
    }

    [Fact]
    public void GaborUnitsRecoverPreferredOrientationToTheGridStep()
    {
        var layer = fixture.Layer("recovery");
        Assert.Null(layer.Problem);
        Assert.Equal(V1PipelineFixture.Recovery.Length, layer.ReceptiveFieldUnits);
        var measured = layer.Values[V1PropertyNames.PreferredOrientation];
        Assert.Equal(V1PipelineFixture.Recovery.Length, measured.Length);
        for (int i = 0; i < measured.Length; i++)
        {
            double error = Math.Abs(((measured[i] - V1PipelineFixture.Recovery[i].Orientation + 90 + 360) % 180) - 90);
            Assert.True(error <= 15, $"unit {i}: preferred orientation {measured[i]} deg, built with {V1PipelineFixture.Recovery[i].Orientation} deg");
        }
    }

    [Fact]
    public void GaborUnitsRecoverPeakSpatialFrequencyWithinOneGridStep()
    {
        var measured = fixture.Layer("recovery").Values[V1PropertyNames.PeakSpatialFrequency];
        Assert.Equal(V1PipelineFixture.Recovery.Length, measured.Length);
        for (int i = 0; i < measured.Length; i++)
        {
            double octaves = Math.Abs(Math.Log2(measured[i] / V1PipelineFixture.Recovery[i].SpatialFrequency));
            Assert.True(octaves <= 0.25, $"unit {i}: peak {measured[i]:0.###} cpd, built with {V1PipelineFixture.Recovery[i].SpatialFrequency} cpd");
        }
    }

    [Fact]
    public void UnitWithKnownSurroundHasItsSuppressionIndexAndDiameters()
    {
        var layer = fixture.Layer("surround");
        Assert.Null(layer.Problem);
        var ssi = Assert.Single(layer.Values[V1PropertyNames.SurroundSuppressionIndex]);
        Assert.InRange(ssi, 0.25, 0.35);
        Assert.Equal(2 * MarquesStimuli.Radii[5], Assert.Single(layer.Values[V1PropertyNames.GratingSummationField]), 9);
        Assert.Equal(2 * MarquesStimuli.Radii[7], Assert.Single(layer.Values[V1PropertyNames.SurroundDiameter]), 9);
        Assert.True(layer.Values[V1PropertyNames.PreferredOrientation].Single() is > -7.5 and < 7.5);
    }

    [Fact]
    public void OrientationsDrawnFromTheDeValoisHistogramScoreNearTheCeiling()
    {
        var score = fixture.Layer("devalois").Scores.Single(s => s.Property == V1PropertyNames.PreferredOrientation);
        Assert.Equal(fixture.DeValoisOrientations.Length, score.Units);
        Assert.True(score.Ceiled >= 0.9, $"ceiled pref_or {score.Ceiled:0.000}");
    }

    [Fact]
    public void IdenticalUnitsScoreLowOnPreferredOrientation()
    {
        var score = fixture.Layer("identical").Scores.Single(s => s.Property == V1PropertyNames.PreferredOrientation);
        Assert.Equal(20, score.Units);

        // All 20 in the 67.5-112.5 bin: KS = 0.5 against KS_max = 0.761, so 1 - KS / KS_max = 0.343 before ceiling.
        Assert.InRange(score.Raw, 0.34, 0.35);
        Assert.True(score.Ceiled < 0.4);
    }

    [Fact]
    public void ScoresDoNotDependOnUnitOrder()
    {
        var forward = fixture.Layer("devalois");
        var reversed = fixture.Layer("reversed");
        Assert.Equal(forward.Scores, reversed.Scores);
        Assert.Equal(forward.Values[V1PropertyNames.PreferredOrientation].Order(), reversed.Values[V1PropertyNames.PreferredOrientation].Order());
    }

    [Fact]
    public void ResultRoundTripsThroughJsonAndPrintsATable()
    {
        string json = fixture.Result.ToJson();
        var back = V1PropertiesResult.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(fixture.Result.Layers.Count, back.Layers.Count);
        Assert.Equal(fixture.Result.Layers[0].Scores, back.Layers[0].Scores);
        string table = fixture.Result.ToString();
        Assert.Contains("devalois", table, StringComparison.Ordinal);
        Assert.Contains("AlexNet (ref.)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLayerIsNamedInTheError()
    {
        var e = Assert.Throws<ArgumentException>(() => V1PropertiesBenchmark.Run(fixture.Model, "synthetic", ["nope"], V1PipelineFixture.Options, CPU));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Contains("neither reported", e.Message, StringComparison.Ordinal);
        Assert.Contains("devalois", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StochasticLayerIsDetectedAndTrialsAreConfigurable()
    {
        var screen = new ScreenGeometry { ImageSize = 24, Channels = 1, VisualDegrees = 4, Supersampling = 1 };
        using var model = new SyntheticV1Model(screen, 0, 0);
        model.AddUnits("clean", [new SyntheticUnit(30, 1.5, 0.4), new SyntheticUnit(120, 1.0, 0.5)]);
        model.AddDerived("noisy", "clean", flip: false, noise: 0.01);
        var result = V1PropertiesBenchmark.Run(model, "noisy", ["noisy"], new V1PropertiesOptions { Screen = screen, PositionX = 0, PositionY = 0, Trials = 2, MappingTrials = 3, BatchSize = 512 }, CPU);
        Assert.True(result.Stochastic);
        Assert.Equal(2, result.Trials);
        Assert.Equal(3, result.MappingTrials);
        Assert.Equal(2 + (3 * (1 + 3528)) + (2 * (1 + 1152 + 2112 + 2304)), result.Presentations);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(null, true)]
    public void NoiseFloorKeepsNoisyMapsOnTheirReceptiveFields(double? floor, bool recovers)
    {
        // Four units on the stimulus and four 0.75 deg to its right, with trial noise about a tenth of their best mapping
        // response. The reference's centroid of the noisy maps is pulled to the grid centre (the stimulus here) for every
        // unit; lowered by their noise floor, the maps keep the four centred units and drop the displaced ones.
        var screen = new ScreenGeometry { ImageSize = 64, Channels = 1, VisualDegrees = 6, Supersampling = 2 };
        using var model = new SyntheticV1Model(screen, 0, 0);
        var centred = new[] { 0.0, 45, 90, 135 }.Select(o => new SyntheticUnit(o, 3, 0.25)).ToArray();
        var displaced = centred.Select(u => u with { Orientation = u.Orientation + 22.5, OffsetX = 0.75 }).ToArray();
        model.AddUnits("clean", [.. centred, .. displaced]);
        model.AddDerived("noisy", "clean", flip: false, noise: NoiseLevel);
        var options = new V1PropertiesOptions { Screen = screen, PositionX = 0, PositionY = 0, Trials = 1, MappingTrials = 1, BatchSize = 512, ReceptiveFieldNoiseFloor = floor };
        var result = V1PropertiesBenchmark.Run(model, "noisy", ["clean", "noisy"], options, CPU);
        var layers = result.Layers;
        Assert.Equal(4, layers[0].ReceptiveFieldUnits); // noiseless maps: the reference's selection
        if (recovers)
        {
            Assert.Equal(V1PropertiesBenchmark.DefaultNoiseFloor, result.ReceptiveFieldNoiseFloor);
            Assert.Equal(4, layers[1].ReceptiveFieldUnits);
            Assert.True(layers[1].ReferenceReceptiveFieldUnits > 4, $"the reference's maps select {layers[1].ReferenceReceptiveFieldUnits}");
            Assert.Contains("the reference's maps would select", result.ToString(), StringComparison.Ordinal);
            string json = result.ToJson();
            Assert.Equal(json, V1PropertiesResult.FromJson(json).ToJson());
            var orientations = layers[1].Values[V1PropertyNames.PreferredOrientation].Where(v => !double.IsNaN(v)).ToArray();
            Assert.NotEmpty(orientations);
            Assert.All(orientations, o => Assert.True(Math.Abs(Math.IEEERemainder(o, 45)) <= 8, $"preferred orientation {o} is a displaced unit's"));
        }
        else
        {
            Assert.True(layers[1].ReceptiveFieldUnits > 4, $"{layers[1].ReceptiveFieldUnits} units selected from noisy maps without a floor");
            Assert.Null(layers[1].ReferenceReceptiveFieldUnits);
        }
    }

    // 0.4: the same signal-to-noise ratio as 0.5 had with block-averaged stimuli (the antialiased resize of the
    // reference lowers these units' best mapping response from 1.95 to 1.58).
    private const double NoiseLevel = 0.4;
}
