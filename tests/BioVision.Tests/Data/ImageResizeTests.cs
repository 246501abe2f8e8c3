using System.Text.Json;
using BioVision.Benchmarks.Neural;
using BioVision.Benchmarks.V1Properties;
using BioVision.Data;
using BioVision.Data.Transforms;
using BioVision.Rsa;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Data;

/// <summary>
/// The one model-input resize against the references a user compares with: torchvision's <c>transforms.Resize</c> on
/// tensors (= <c>interpolate(bilinear, align_corners=False, antialias=True)</c>, torch 1.13) and PIL's bilinear
/// (Brain-Score's preprocessing, Pillow 9.4), from fixtures/resize/resize_reference.json written by
/// make_resize_fixtures.py beside it. Tolerances: 1e-12 against torch in float64, 1e-6 in float32; one grey level
/// (1/255) against PIL, which rounds its output to 8 bits.
/// </summary>
public sealed class ImageResizeTests
{
    private const double Float64Tolerance = 1e-12;
    private const double Float32Tolerance = 1e-6;
    private const double PilTolerance = 1.0 / 255;

    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "resize", "resize_reference.json")));
        return [.. doc.RootElement.Clone().GetProperty("cases").EnumerateArray()];
    });

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Value.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static (Tensor Input, int Height, int Width, Tensor Expected, JsonElement Case) Load(int index, ScalarType dtype)
    {
        var c = Cases.Value[index];
        long[] shape = [.. c.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt64())];
        int[] size = [.. c.GetProperty("size").EnumerateArray().Select(v => v.GetInt32())];
        var input = tensor(c.GetProperty("input").Doubles(), shape, ScalarType.Float64).to(dtype);
        var expected = tensor(c.GetProperty("torch_antialias").Doubles(), [shape[0], shape[1], size[0], size[1]], ScalarType.Float64);
        return (input, size[0], size[1], expected, c);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double MaxDifference(Tensor a, Tensor b) => (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max().item<double>();

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Matches_torchvision_resize_in_float64_and_float32(int index)
    {
        using var scope = NewDisposeScope();
        var (input64, h, w, expected, c) = Load(index, ScalarType.Float64);
        Assert.True(MaxDifference(ImageResize.Apply(input64, h, w), expected) < Float64Tolerance, c.GetProperty("name").GetString());
        var (input32, _, _, _, _) = Load(index, ScalarType.Float32);
        var actual32 = ImageResize.Apply(input32, h, w);
        Assert.Equal(ScalarType.Float32, actual32.dtype);
        Assert.True(MaxDifference(actual32, expected) < Float32Tolerance, c.GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Matches_pil_bilinear_within_one_grey_level(int index)
    {
        using var scope = NewDisposeScope();
        var (input, h, w, _, c) = Load(index, ScalarType.Float32);
        if (!c.TryGetProperty("pil_bilinear_levels", out var levels))
        {
            return; // real-valued input: PIL resizes 8-bit images only
        }

        var pil = tensor(levels.Doubles(), [input.shape[0], input.shape[1], h, w], ScalarType.Float64) / 255;
        Assert.True(MaxDifference(ImageResize.Apply(input, h, w), pil) <= PilTolerance + 1e-7, c.GetProperty("name").GetString());
    }

    [Fact]
    public void Unchanged_size_is_identity_and_the_input_is_never_modified()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 3, 5, 7, dtype: ScalarType.Float64);
        var copy = x.clone();
        var same = ImageResize.Apply(x, 5, 7);
        Assert.Equal(x.shape, same.shape);
        Assert.True(Same(same, x));
        var single = ImageResize.Apply(x[0], 5, 7);
        Assert.Equal([3L, 5, 7], single.shape);
        Assert.True(Same(single, x[0]));
        _ = ImageResize.Apply(x, 3, 9);
        Assert.True(Same(x, copy));
    }

    [Fact]
    public void A_single_image_is_resized_as_a_batch_of_one_and_keeps_its_rank()
    {
        using var scope = NewDisposeScope();
        var x = rand(3, 11, 8);
        var single = ImageResize.Apply(x, 4, 13);
        Assert.Equal([3L, 4, 13], single.shape);
        Assert.True(Same(single, ImageResize.Apply(x.unsqueeze(0), 4, 13)[0]));
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        using var scope = NewDisposeScope();
        var x = rand(1, 1, 4, 4);
        Assert.Throws<ArgumentNullException>(() => ImageResize.Apply(null!, 2, 2));
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Apply(x, 0, 2));
        Assert.Equal("height", zero.ParamName);
        Assert.Contains("positive", zero.Message, StringComparison.Ordinal);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Apply(x, 2, -3)).ParamName);
        Assert.Contains("[C, H, W] or [N, C, H, W]", Assert.Throws<ArgumentException>(() => ImageResize.Apply(rand(4, 4), 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1, 1, 4, 4]", Assert.Throws<ArgumentException>(() => ImageResize.Apply(rand(new long[] { 1, 1, 1, 4, 4 }), 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => ImageResize.Apply(ones(new long[] { 1, 1, 4, 4 }, ScalarType.Byte), 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ImageResize.Apply(zeros(0, 1, 4, 4), 2, 2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resize(0, 4).Apply(x, new SplitMix64(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode([1, 2, 3], 3, (0, 4)));
    }

    // The law of issue 22: every path that brings an image to a model's size gives what the one resize gives.

    [Fact]
    public void The_resize_transform_is_the_one_resize()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 3, 17, 10);
        foreach (var (h, w) in new[] { (5, 4), (30, 21), (9, 40), (17, 10) })
        {
            Assert.True(Same(new Resize(h, w).Apply(x, new SplitMix64(1)), ImageResize.Apply(x, h, w)));
        }
    }

    [Fact]
    public void The_extractors_model_input_conversion_is_the_one_resize_after_the_channel_conversion()
    {
        using var scope = NewDisposeScope();
        var rgb = rand(2, 3, 20, 14);
        var grey = (rgb[.., 0..1] * 0.299) + (rgb[.., 1..2] * 0.587) + (rgb[.., 2..3] * 0.114);
        foreach (var (h, w) in new[] { (7, 5), (40, 28), (10, 30) })
        {
            Assert.True(Same(ActivationExtractor.Prepare(rgb, new ModelInput(3, h, w)), ImageResize.Apply(rgb, h, w)));
            Assert.True(MaxDifference(ActivationExtractor.Prepare(rgb, new ModelInput(1, h, w)), ImageResize.Apply(grey, h, w)) < 1e-6);
            Assert.True(Same(ActivationExtractor.Prepare(grey, new ModelInput(3, h, w)), ImageResize.Apply(grey, h, w).expand(-1, 3, -1, -1)));
        }

        Assert.True(Same(ActivationExtractor.Prepare(rgb, new ModelInput(3, 20, 14)), rgb));
        Assert.Throws<ArgumentException>(() => ActivationExtractor.Prepare(rgb[0], new ModelInput(3, 8, 8)));
    }

    [Fact]
    public void The_loaders_resize_is_the_one_resize_of_the_decoded_image()
    {
        // The 92 images (175 px) shrunk to 64 and enlarged to 224, the Cowley images (112 px) shrunk to 28, grey and colour.
        using var scope = NewDisposeScope();
        var native = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"));
        var small = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"), (64, 64));
        var large = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"), (224, 224));
        var grey = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"), (64, 64), channels: 1);
        var greyNative = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"), channels: 1);
        foreach (int i in new[] { 0, 41, 91 })
        {
            var image = native.GetImage(i);
            Assert.True(Same(small.GetImage(i), ImageResize.Apply(image, 64, 64)));
            Assert.True(Same(large.GetImage(i), ImageResize.Apply(image, 224, 224)));
            Assert.True(Same(grey.GetImage(i), ImageResize.Apply(greyNative.GetImage(i), 64, 64)));
        }

        string zip = SharedDataPaths.Data($"cowley2023_V4/images/images_{NeuralData.V4CeilingSession}.zip");
        var cowley = StimulusSets.LoadCowleyV4(zip);
        var cowleySmall = StimulusSets.LoadCowleyV4(zip, (28, 28));
        Assert.True(Same(cowleySmall.GetImage(5), ImageResize.Apply(cowley.GetImage(5), 28, 28)));
        var session = NeuralData.CowleyV4(NeuralData.V4ValidationSession, new ModelInput(3, 28, 28), maxImages: 10);
        var sessionNative = StimulusSets.LoadCowleyV4(SharedDataPaths.Data($"cowley2023_V4/images/images_{NeuralData.V4ValidationSession}.zip"));
        Assert.True(Same(session.Images.GetImage(3), ImageResize.Apply(sessionNative.GetImage(3), 28, 28)));
    }

    [Fact]
    public void The_grating_renderer_is_the_one_resize_of_the_finer_rendering()
    {
        using var scope = NewDisposeScope();
        var fine = new ScreenGeometry { ImageSize = 448, Channels = 1, VisualDegrees = 8, Supersampling = 1 };
        var model = fine with { ImageSize = 224, Supersampling = null };
        Assert.Equal(2, model.EffectiveSupersampling);
        var gratings = new[] { new Grating(0.5, 0.5, 1.2, 3, 45, 90), new Grating(-1, 2, 0.6, 14.67, 150, 0) };
        var big = GratingRenderer.Render(gratings, fine, CPU);
        var small = GratingRenderer.Render(gratings, model, CPU);
        Assert.True(Same(small, ImageResize.Apply(big, 224, 224)));
    }

    [Fact]
    public void The_rendered_grating_is_the_references_stimulus_within_one_grey_level()
    {
        // The reference's path: an 8-bit stimulus at twice the model's resolution, resized by PIL's bilinear (Brain-Score).
        using var scope = NewDisposeScope();
        var c = Cases.Value.Single(e => e.TryGetProperty("grating", out _));
        var g = c.GetProperty("grating");
        var screen = new ScreenGeometry
        {
            ImageSize = g.GetProperty("model_size").GetInt32(),
            Channels = 1,
            VisualDegrees = g.GetProperty("visual_degrees").GetDouble(),
            Supersampling = g.GetProperty("supersampling").GetInt32(),
        };
        var grating = new Grating(g.GetProperty("position_y").GetDouble(), g.GetProperty("position_x").GetDouble(), g.GetProperty("radius").GetDouble(),
            g.GetProperty("spatial_frequency").GetDouble(), g.GetProperty("orientation").GetDouble(), g.GetProperty("phase").GetDouble());
        var rendered = GratingRenderer.Render([grating], screen, CPU);
        int n = screen.ImageSize;
        var torchReference = tensor(c.GetProperty("torch_antialias").Doubles(), [1, 1, n, n], ScalarType.Float64);
        var pil = tensor(c.GetProperty("pil_bilinear_levels").Doubles(), [1, 1, n, n], ScalarType.Float64) / 255;
        var fineLevels = tensor(c.GetProperty("input").Doubles(), [1, 1, 2 * n, 2 * n], ScalarType.Float64);
        Assert.True(MaxDifference(GratingRenderer.Render([grating], screen with { ImageSize = 2 * n, Supersampling = 1 }, CPU), fineLevels) < 1e-6);
        Assert.True(MaxDifference(rendered, torchReference) < Float32Tolerance);
        Assert.True(MaxDifference(rendered, pil) <= PilTolerance + 1e-7);
    }
}
