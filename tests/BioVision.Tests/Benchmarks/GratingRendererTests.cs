using BioVision.Benchmarks.V1Properties;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Benchmarks;

public sealed class GratingRendererTests
{
    [Fact]
    public void PixelsFollowTheReferenceFormula()
    {
        // At the reference's 56 px/deg on its 12-degree canvas with no resampling.
        var screen = new ScreenGeometry { ImageSize = 672, Channels = 3, VisualDegrees = 12, Supersampling = 1 };
        var grating = new Grating(0.5, 0.5, 2, 1.5, 30, 45);
        using var image = GratingRenderer.Render([grating], screen, CPU);
        Assert.Equal([1L, 3, 672, 672], image.shape);
        var pixels = image[0, 1].data<float>().ToArray();
        foreach (var (row, col) in new[] { (336, 336), (360, 400), (300, 250), (10, 10), (600, 500) })
        {
            double x = (col - 336) / 56.0 - 0.5, y = (row - 336) / 56.0 - 0.5;
            double expected = x * x + y * y <= 4
                ? Math.Floor((Math.Sin(((x * Math.Cos(Math.PI / 6)) + (y * Math.Sin(Math.PI / 6))) * 2 * Math.PI * 1.5 + (Math.PI / 4)) + 1) / 2 * 255) / 255
                : 128 / 255.0;
            Assert.Equal(expected, pixels[(row * 672) + col], 5);
        }
    }

    [Fact]
    public void SupersampledRenderingIsTheOneResizeOfTheFinerOne()
    {
        // The reference's 56 px/deg rendering brought to 28 px/deg as the model's preprocessing does (antialiased
        // bilinear, not a block average; more in ImageResizeTests, against PIL).
        var fine = new ScreenGeometry { ImageSize = 448, Channels = 1, VisualDegrees = 8, Supersampling = 1 };
        var model = fine with { ImageSize = 224, Supersampling = null };
        Assert.Equal(2, model.EffectiveSupersampling);
        var gratings = new[] { new Grating(0.5, 0.5, 1.2, 3, 45, 90), new Grating(-1, 2, 0.6, 6.17, 150, 0) };
        using var big = GratingRenderer.Render(gratings, fine, CPU);
        using var small = GratingRenderer.Render(gratings, model, CPU);
        using var resized = BioVision.Data.Transforms.ImageResize.Apply(big, 224, 224);
        Assert.True(resized.allclose(small, 0, 1e-6));
    }

    [Fact]
    public void ScreenWiderThanTheCanvasIsPaddedWithGrey()
    {
        var screen = new ScreenGeometry { ImageSize = 48, Channels = 1, VisualDegrees = 24, Supersampling = 1 };
        using var image = GratingRenderer.Render([new Grating(0, 0, 30, 0.5, 0, 90)], screen, CPU);
        float grey = (float)GratingRenderer.Grey;
        Assert.Equal(grey, image[0, 0, 0, 0].item<float>());
        Assert.Equal(grey, image[0, 0, 47, 47].item<float>());
        Assert.NotEqual(grey, image[0, 0, 24, 24].item<float>());
        using var blank = GratingRenderer.Blank(screen, CPU);
        Assert.Equal(grey, blank.max().item<float>());
        Assert.Equal(grey, blank.min().item<float>());
    }

    [Fact]
    public void StimulusSetsHaveTheReferenceGridsAndSizes()
    {
        var stimuli = ReferenceData.Load("v1-properties/marques2020_offline.json").GetProperty("stimuli");
        Assert.Equal(stimuli.GetProperty("orientations_deg").Doubles(), MarquesStimuli.Orientations);
        Assert.Equal(stimuli.GetProperty("phases_deg").Doubles(), MarquesStimuli.Phases);
        var sf = stimuli.GetProperty("sf_cpd").Doubles();
        var radius = stimuli.GetProperty("radius_deg").Doubles();
        for (int i = 0; i < sf.Length; i++)
        {
            Assert.True(Math.Abs(sf[i] - MarquesStimuli.SpatialFrequencies[i]) < 1e-4, $"sf {i}");
        }

        for (int i = 0; i < radius.Length; i++)
        {
            Assert.True(Math.Abs(radius[i] - MarquesStimuli.Radii[i]) < 1e-4, $"radius {i}");
        }

        Assert.Equal(3528, MarquesStimuli.ReceptiveField().Count);
        Assert.Equal(1152, MarquesStimuli.Orientation().Count);
        Assert.Equal(2112, MarquesStimuli.SpatialFrequency().Count);
        Assert.Equal(2304, MarquesStimuli.Size().Count);
        var orientation = MarquesStimuli.Orientation();
        Assert.Equal(2 / 2.0 / MarquesStimuli.SpatialFrequencies[4], orientation.Gratings[0].Radius, 12);
        Assert.Equal(45, orientation.Gratings[1].Phase);
        Assert.Equal(15, orientation.Gratings[8].Orientation);
    }

    [Fact]
    public void InvalidInputIsRejectedWithAClearMessage()
    {
        var screen = new ScreenGeometry { ImageSize = 16, Channels = 1, VisualDegrees = 2 };
        Assert.Throws<ArgumentException>(() => GratingRenderer.Render([], screen, CPU));
        var e = Assert.Throws<ArgumentException>(() => GratingRenderer.Render([new Grating(0, 0, -1, 1, 0, 0)], screen, CPU));
        Assert.Contains("Grating 0", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GratingRenderer.Render([new Grating(0, 0, 1, 1, 0, 0)], screen with { VisualDegrees = 0 }, CPU));
    }
}
