using System.Globalization;
using BioVision.Robustness.Corruptions;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Robustness;

public class CorruptionTests
{
    private static torch.Tensor Images(int channels, int size = 28)
    {
        var g = new torch.Generator(42);
        // Smooth images with structure (a blurred random field plus a gradient), so blurs and warps change them.
        var field = torch.rand(new long[] { 4, channels, size / 4, size / 4 }, generator: g);
        var up = torch.nn.functional.interpolate(field, new long[] { size, size }, mode: torch.InterpolationMode.Bilinear, align_corners: false);
        return (up * 0.8) + 0.1;
    }

    public static TheoryData<CorruptionKind, int> Kinds()
    {
        var data = new TheoryData<CorruptionKind, int>();
        foreach (var kind in Enum.GetValues<CorruptionKind>())
        {
            data.Add(kind, 1);
            data.Add(kind, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Corruption_keeps_shape_and_range_and_is_deterministic_per_seed(CorruptionKind kind, int channels)
    {
        using var scope = torch.NewDisposeScope();
        var x = Images(channels);
        var a = Corruptor.Apply(x, kind, 3, seed: 5);
        var b = Corruptor.Apply(x, kind, 3, seed: 5);
        Assert.Equal(x.shape, a.shape);
        Assert.True(a.min().item<float>() >= 0 && a.max().item<float>() <= 1);
        Assert.True(a.eq(b).all().item<bool>(), $"{kind}: same seed must give the same images");
        Assert.True((a - x).abs().mean().item<float>() > 1e-3, $"{kind} left the images unchanged");
        bool random = kind is not (CorruptionKind.DefocusBlur or CorruptionKind.ZoomBlur or CorruptionKind.Brightness or CorruptionKind.Contrast
            or CorruptionKind.Pixelate or CorruptionKind.JpegCompression);
        if (random)
        {
            var c = Corruptor.Apply(x, kind, 3, seed: 6);
            Assert.False(a.eq(c).all().item<bool>(), $"{kind}: another seed should give other images");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Severity_five_changes_images_more_than_severity_one(CorruptionKind kind, int channels)
    {
        // Elastic transform is not ordered by severity in the published tables (AlexNet's error drops from s2 to s3).
        if (kind == CorruptionKind.ElasticTransform)
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        var x = Images(channels);
        if (kind == CorruptionKind.Frost)
        {
            // Frost dims the image while adding the overlay, so the mean deviation is not ordered; the image's share is.
            double Correlation(torch.Tensor y) => torch.corrcoef(torch.stack([x.flatten(), y.flatten()])).data<float>()[1];
            Assert.True(Correlation(Corruptor.Apply(x, kind, 5, 3)) < Correlation(Corruptor.Apply(x, kind, 1, 3)));
            return;
        }

        double mild = (Corruptor.Apply(x, kind, 1, 3) - x).abs().mean().item<float>();
        double severe = (Corruptor.Apply(x, kind, 5, 3) - x).abs().mean().item<float>();
        Assert.True(severe > mild, $"{kind}: severity 5 deviation {severe} should exceed severity 1 deviation {mild}");
    }

    [Fact]
    public void Noise_corruptions_follow_their_formulas()
    {
        using var scope = torch.NewDisposeScope();
        // 128/255: a value the 1/255 output rounding leaves unchanged.
        var grey = torch.full(new long[] { 8, 1, 32, 32 }, 128f / 255);
        // Gaussian noise sigma 0.10 at CIFAR severity 5: the deviation's standard deviation is 0.10 (within sampling and 1/255 rounding).
        double sd = (Corruptor.Apply(grey, CorruptionKind.GaussianNoise, 5, 1) - grey).std().item<float>();
        Assert.InRange(sd, 0.095, 0.105);
        // Impulse noise amount 0.07: about 7 % of values become 0 or 1.
        var impulse = Corruptor.Apply(grey, CorruptionKind.ImpulseNoise, 5, 1);
        double flipped = impulse.ne(128f / 255).to_type(torch.ScalarType.Float32).mean().item<float>();
        Assert.InRange(flipped, 0.06, 0.08);
        // Contrast keeps the per-channel mean and scales deviations by c = 0.15.
        var x = Images(3, 32);
        var contrast = Corruptor.Apply(x, CorruptionKind.Contrast, 5, 1);
        Assert.True((contrast.mean([2, 3]) - x.mean([2, 3])).abs().max().item<float>() < 2.0 / 255);
        // Shot noise: Poisson(x·λ)/λ has variance x/λ.
        double shot = (Corruptor.Apply(grey, CorruptionKind.ShotNoise, 5, 1) - grey).var().item<float>();
        Assert.InRange(shot, 128.0 / 255 / 50 * 0.9, 128.0 / 255 / 50 * 1.1);
    }

    [Theory]
    [InlineData(1.0, 1.06, 0.01, 7)]
    [InlineData(1.0, 1.11, 0.01, 12)]
    [InlineData(1.0, 1.16, 0.01, 16)]
    [InlineData(1.0, 1.21, 0.02, 11)]
    [InlineData(1.0, 1.26, 0.02, 13)]
    [InlineData(1.0, 1.31, 0.03, 11)]
    [InlineData(1.0, 1.21, 0.01, 21)]
    [InlineData(1.0, 1.26, 0.01, 26)]
    public void Zoom_factor_counts_replicate_numpy_arange(double start, double stop, double step, int count)
    {
        Assert.Equal(count, Corruptor.ZoomFactors(start, stop, step).Length);
    }

    [Fact]
    public void Parameter_tables_match_the_reference_json()
    {
        // hendrycks/robustness 8190fe3, parameter expressions pulled from the generation scripts (shared reference folder).
        var root = ReferenceData.Load("robustness/corruption_params.json");
        var sets = new Dictionary<string, CorruptionParameterSet>
        {
            ["ImageNet-C"] = CorruptionParameterSet.ImageNetC, ["CIFAR-10-C"] = CorruptionParameterSet.Cifar10C, ["TinyImageNet-C"] = CorruptionParameterSet.TinyImageNetC,
        };
        int compared = 0;
        foreach (var (name, set) in sets)
        {
            var table = root.GetProperty(name);
            foreach (var kind in Enum.GetValues<CorruptionKind>())
            {
                var severities = table.GetProperty(CorruptionTable.ReferenceName(kind));
                for (int s = 1; s <= 5; s++)
                {
                    var expected = Evaluate(severities[s - 1].GetString()!, set);
                    var actual = CorruptionTable.Parameters(set, kind, s);
                    Assert.Equal(expected.Length, actual.Count);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-9, $"{name} {kind} severity {s} parameter {i}: {actual[i]} vs reference {expected[i]}");
                    }

                    compared++;
                }
            }
        }

        Assert.Equal(3 * 15 * 5, compared);
    }

    [Fact]
    public void Size_mapping_picks_the_nearest_published_table()
    {
        Assert.Equal(CorruptionParameterSet.Cifar10C, CorruptionTable.ForSize(28));
        Assert.Equal(CorruptionParameterSet.Cifar10C, CorruptionTable.ForSize(32));
        Assert.Equal(CorruptionParameterSet.TinyImageNetC, CorruptionTable.ForSize(64));
        Assert.Equal(CorruptionParameterSet.ImageNetC, CorruptionTable.ForSize(224));
    }

    [Fact]
    public void Mce_of_the_baseline_itself_is_100()
    {
        var results = CorruptionBaseline.AlexNet.Errors.SelectMany(kv => kv.Value.Select((e, i) =>
            new CorruptionResult(kv.Key, i + 1, BioVision.Robustness.RobustAccuracy.FromCounts([1], null, 1) with { Expected = 1 - e }, 0))).ToList();
        var summary = CorruptionSummary.Compute(results, 0.4348, CorruptionBaseline.AlexNet);
        Assert.Equal(100, summary.Mce!.Value, 9);
        Assert.Equal(100, summary.RelativeMce!.Value, 9);
    }

    // Evaluates the reference's parameter expressions: numbers, tuples, np.arange(a, b, c), IMSIZE*k and 244 * k.
    private static double[] Evaluate(string expression, CorruptionParameterSet set)
    {
        string e = expression.Trim();
        if (e.StartsWith("np.arange(", StringComparison.Ordinal))
        {
            e = e["np.arange".Length..];
        }

        e = e.Trim('(', ')');
        return e.Split(',').Select(part =>
        {
            double value = 1;
            foreach (string factor in part.Split('*', StringSplitOptions.TrimEntries))
            {
                value *= factor switch
                {
                    "IMSIZE" => 1,
                    "244" when set == CorruptionParameterSet.ImageNetC => 244.0 / 224,
                    _ => double.Parse(factor, CultureInfo.InvariantCulture),
                };
            }

            return value;
        }).ToArray();
    }
}
