using BioVision.Data;
using BioVision.Data.Transforms;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Data;

public class TransformTests
{
    private static readonly SplitMix64 Random = new(1);

    private static torch.Tensor Ramp(int n, int c, int h, int w) => torch.arange(n * c * h * w, dtype: torch.float32).reshape(n, c, h, w) / (n * c * h * w);

    private static float MaxDifference(torch.Tensor a, torch.Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void Resize_by_a_third_averages_stripes_instead_of_aliasing()
    {
        // Columns 1, 0, 0, 1, 0, 0, ...: plain bilinear at scale 1/3 samples only the zero columns (black); the
        // antialiased resize (torchvision's default) weighs each output's 5 nearest columns by the tent 1/3, 2/3, 1,
        // 2/3, 1/3, giving the stripes' mean 1/3 inside the image. More cases: ImageResizeTests (torchvision fixtures).
        using var scope = torch.NewDisposeScope();
        var stripes = torch.arange(12, dtype: torch.float32).remainder(3).eq(0).to(torch.float32).expand(1, 1, 6, 12);
        var y = new Resize(2, 4).Apply(stripes, Random);
        Assert.True(MaxDifference(y[.., .., .., 1..3], torch.full(1, 1, 2, 2, 1f / 3)) < 1e-6f);
        var plain = torch.nn.functional.interpolate(stripes, [2, 4], mode: torch.InterpolationMode.Bilinear, align_corners: false);
        Assert.Equal(0f, plain.max().item<float>());
    }

    [Fact]
    public void Resize_to_the_same_size_is_identity_and_keeps_single_images_three_dimensional()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(1, 1, 5, 7)[0];
        var y = new Resize(5, 7).Apply(x, Random);
        Assert.Equal(x.shape, y.shape);
        Assert.True(MaxDifference(x, y) < 1e-6f);
    }

    [Fact]
    public void Center_crop_takes_the_middle()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(1, 1, 6, 6);
        var y = new CenterCrop(2, 4).Apply(x, Random);
        Assert.Equal(0f, MaxDifference(y, x[.., .., 2..4, 1..5]));
        Assert.Throws<ArgumentException>(() => new CenterCrop(7, 2).Apply(x, Random));
    }

    [Fact]
    public void Random_crop_without_padding_at_full_size_is_identity_and_crops_are_windows_of_the_padded_image()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(4, 2, 5, 5);
        Assert.Equal(0f, MaxDifference(new RandomCrop(5, 5).Apply(x, new SplitMix64(3)), x));
        var y = new RandomCrop(5, 5, 1).Apply(x, new SplitMix64(3));
        Assert.Equal(new long[] { 4, 2, 5, 5 }, y.shape);
        var padded = torch.nn.functional.pad(x, [1, 1, 1, 1]);
        for (int i = 0; i < 4; i++)
        {
            bool found = false;
            for (int top = 0; top <= 2 && !found; top++)
            {
                for (int left = 0; left <= 2 && !found; left++)
                {
                    found = MaxDifference(padded[i, .., top..(top + 5), left..(left + 5)], y[i]) == 0f;
                }
            }

            Assert.True(found, $"crop {i} is not a window of the padded image");
        }
    }

    [Fact]
    public void Horizontal_flip_with_probability_one_mirrors_and_zero_keeps()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(3, 1, 2, 4);
        Assert.Equal(0f, MaxDifference(new RandomHorizontalFlip(1).Apply(x, Random), x.flip(3)));
        Assert.Equal(0f, MaxDifference(new RandomHorizontalFlip(0).Apply(x, Random), x));
    }

    [Fact]
    public void Right_angle_rotation_gives_each_quarter_turn_and_keeps_pixels()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(1, 1, 3, 3).expand(400, 1, 3, 3).contiguous();
        var y = new RandomRightAngleRotation().Apply(x, new SplitMix64(5));
        // Every output is one of the four exact rotations; each appears with probability 1/4 (binomial, 400 draws).
        var counts = new int[4];
        for (int i = 0; i < 400; i++)
        {
            int k = Enumerable.Range(0, 4).Single(t => MaxDifference(y[i], x[i].rot90(t, (1, 2))) == 0f);
            counts[k]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 60, 140));
        Assert.Equal(0f, MaxDifference(new RandomRightAngleRotation(0, 0).Apply(x, Random), x));
        Assert.Equal(0f, MaxDifference(new RandomRightAngleRotation(1, 1).Apply(x, Random), x.rot90(3, (2, 3))));
        Assert.Throws<ArgumentException>(() => new RandomRightAngleRotation().Apply(Ramp(1, 1, 2, 3), Random));
    }

    [Fact]
    public void Normalize_gives_zero_mean_unit_deviation_for_matching_statistics()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.cat([torch.full(1, 1, 2, 2, 0.5f), torch.full(1, 1, 2, 2, 0.2f)], 1);
        var y = new Normalize([0.5f, 0.1f], [0.25f, 0.05f]).Apply(x, Random);
        Assert.Equal(0f, y[0, 0].abs().max().item<float>(), 6);
        Assert.Equal(2f, y[0, 1].mean().item<float>(), 5);
        Assert.Throws<ArgumentException>(() => new Normalize([0.5f], [0f]));
        Assert.Throws<ArgumentException>(() => new Normalize([0.5f], [1f]).Apply(x, Random));
    }

    [Fact]
    public void Gray_to_rgb_and_back_is_identity_because_luma_weights_sum_to_one()
    {
        using var scope = torch.NewDisposeScope();
        var x = Ramp(2, 1, 3, 3);
        var rgb = new GrayscaleToRgb().Apply(x, Random);
        Assert.Equal(3, rgb.shape[1]);
        Assert.True(MaxDifference(new Grayscale().Apply(rgb, Random), x) < 1e-6f);
    }

    [Fact]
    public void Wrong_rank_is_reported()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new Grayscale().Apply(torch.zeros(3, 3), Random));
    }
}
