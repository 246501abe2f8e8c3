using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

/// <summary>
/// The front-end zoo's variants of the V1 block: EVNet's noise (Fano factor, raw output), the random-filter and
/// learned-V1 controls, and divisive normalisation (formula, surround suppression, both forward paths, gradients).
/// </summary>
public class VOneBlockVariantTests
{
    private static VOneBlockOptions Small(int size = 28) =>
        ScaledFrontEnd.ForImageSize(size, 1) with { SimpleChannels = 8, ComplexChannels = 8, NoiseMode = NoiseMode.None };

    [Theory]
    [InlineData(0.35, 0.07, 1.0)]
    [InlineData(1.0, 0.0, 0.93)]
    [InlineData(0.5, 0.2, 0.4)]
    public void Neuronal_noise_has_the_stated_variance_and_both_outputs_and_paths_agree(double scale, double level, double fano)
    {
        using var scope = NewDisposeScope();
        var options = Small() with { NoiseMode = NoiseMode.Neuronal, NoiseScale = scale, NoiseLevel = level, FanoFactor = fano, NoiseOutput = NoiseOutput.Raw, NoiseControl = NoiseControl.FixedSeed, NoiseSeed = 3 };
        using var raw = new VOneBlock(options);
        using var rectified = new VOneBlock(options with { NoiseOutput = NoiseOutput.RescaledRectified });
        using var clean = new VOneBlock(options with { NoiseMode = NoiseMode.None });
        var x = torch.rand(new long[] { 16, 1, 28, 28 }, generator: new Generator(5));
        var r = clean.forward(x).to(ScalarType.Float64);
        var y = raw.forward(x).to(ScalarType.Float64);
        foreach (var block in new[] { raw, rectified })
        {
            var input = x.clone().requires_grad_(true);
            var withGradient = block.forward(input);
            Assert.True((block.forward(x) - withGradient.detach()).abs().max().item<float>() < 1e-5, $"{block.Options.NoiseOutput}: the two forward paths differ");
            withGradient.sum().backward();
            Assert.True(input.grad!.isfinite().all().item<bool>(), $"{block.Options.NoiseOutput}: no finite input gradient");
        }

        // Raw (EVNet): y = s·r + l + n·√(F·relu(s·r + l) + ε), nothing rectified, so the standardised noise is exactly N(0, 1).
        var rate = (r * scale) + level;
        var z = (y - rate) / ((rate.relu() * fano) + 1e-4).sqrt();
        double mean = z.mean().item<double>(), variance = z.var().item<double>();
        long count = z.numel();
        Assert.True(Math.Abs(mean) < 6 / Math.Sqrt(count), $"mean {mean}");
        Assert.True(Math.Abs(variance - 1) < 6 * Math.Sqrt(2.0 / count), $"variance {variance}");
        Assert.True(y.min().item<double>() < 0, "raw output is not rectified");

        // Rescaled and rectified (VOneNet) is the same draw mapped back: relu((y − l)/s).
        var expected = ((y - level) / scale).relu();
        var actual = rectified.forward(x).to(ScalarType.Float64);
        Assert.True((actual - expected).abs().max().item<double>() < 1e-5 * (1 + expected.abs().max().item<double>()), "rectified output is not relu((raw − l)/s)");
    }

    [Fact]
    public void Fano_factor_one_reproduces_the_VOneNet_block_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var options = Small() with { NoiseMode = NoiseMode.Neuronal, NoiseControl = NoiseControl.FixedSeed };
        using var a = new VOneBlock(options);
        using var b = new VOneBlock(options with { FanoFactor = 1 });
        var x = torch.rand(new long[] { 2, 1, 28, 28 }, generator: new Generator(1));
        Assert.Equal(0, (a.forward(x) - b.forward(x)).abs().max().item<float>());
    }

    [Fact]
    public void Random_filters_keep_count_colour_and_energy_but_are_not_Gabors()
    {
        using var scope = NewDisposeScope();
        var colour = ScaledFrontEnd.ForImageSize(32, 3) with { SimpleChannels = 16, ComplexChannels = 16 };
        using var gabor = new VOneBlock(colour);
        using var random = new VOneBlock(colour with { Filters = V1FilterKind.Random });
        using var again = new VOneBlock(colour with { Filters = V1FilterKind.Random });
        foreach (var (g, r, a) in new[] { (gabor.Q0.Weight, random.Q0.Weight, again.Q0.Weight), (gabor.Q1.Weight, random.Q1.Weight, again.Q1.Weight) })
        {
            Assert.Equal(g.shape, r.shape);
            Assert.Equal(0, (r - a).abs().max().item<float>());
            var gNorm = g.flatten(1).square().sum(1).sqrt();
            var rNorm = r.flatten(1).square().sum(1).sqrt();
            Assert.True((gNorm - rNorm).abs().max().item<float>() < 1e-4 * gNorm.max().item<float>(), "filter energies differ");
            // The same colour channel is used (the others stay zero).
            Assert.True(g.abs().sum(new long[] { 2, 3 }).gt(0).eq(r.abs().sum(new long[] { 2, 3 }).gt(0)).all().item<bool>());
            // Not Gabors: the cosine similarity with the Gabor each replaces is near 0 (white noise over k² pixels).
            var cosine = (g.flatten(1) * r.flatten(1)).sum(1) / (gNorm * rNorm);
            Assert.True(cosine.abs().max().item<float>() < 0.5, $"max |cos| {cosine.abs().max().item<float>()}");
        }

        Assert.Empty(random.parameters());
        Assert.NotEqual(0, (random.Q0.Weight - random.Q1.Weight).abs().max().item<float>());
    }

    [Fact]
    public void Learned_V1_trains_its_filters_from_the_Gabor_start_and_fixed_blocks_train_nothing()
    {
        using var scope = NewDisposeScope();
        var options = Small() with { NoiseMode = NoiseMode.Neuronal };
        using var fixedBlock = new VOneBlock(options);
        using var learned = new VOneBlock(options with { TrainableFilters = true });
        Assert.Empty(fixedBlock.parameters());
        Assert.Equal(new[] { "simple_conv_q0.weight", "simple_conv_q1.weight" }, learned.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(fixedBlock.state_dict().Keys.OrderBy(k => k), learned.state_dict().Keys.OrderBy(k => k));
        Assert.Equal(0, (fixedBlock.Q0.Weight - learned.Q0.Weight).abs().max().item<float>());
        Assert.Equal(GfbImplementation.Dense, learned.EffectiveImplementation);

        // The input needs no gradient: the filters do (so the no-autograd path must not be taken).
        var x = torch.rand(new long[] { 4, 1, 28, 28 }, generator: new Generator(2));
        learned.forward(x).square().mean().backward();
        foreach (var (name, p) in learned.named_parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name} received no gradient");
        }
    }

    [Fact]
    public void Normalised_block_follows_its_formula_on_both_paths()
    {
        using var scope = NewDisposeScope();
        var dn = new DivisiveNormalizationOptions { Exponent = 2, SemiSaturation = 0.7, PoolWeight = 1.3, PoolSigmaDegrees = 0.3 };
        foreach (var pool in Enum.GetValues<NormalizationPool>())
        {
            var options = Small() with { Normalization = dn with { Pool = pool } };
            using var plain = new VOneBlock(options with { Normalization = null });
            using var normalised = new VOneBlock(options);
            var x = torch.rand(new long[] { 2, 1, 28, 28 }, generator: new Generator(8));
            var e = plain.forward(x).to(ScalarType.Float64);
            var expected = Predict(e, options.Normalization!, options.PixelsPerDegree / options.Stride);
            var y = normalised.forward(x).to(ScalarType.Float64);
            var yGrad = normalised.forward(x.clone().requires_grad_(true)).detach().to(ScalarType.Float64);
            double scale = expected.abs().max().item<double>();
            Assert.True((y - expected).abs().max().item<double>() < 1e-5 * scale, $"{pool}: no-autograd path departs from the formula");
            Assert.True((yGrad - expected).abs().max().item<double>() < 1e-5 * scale, $"{pool}: autograd path departs from the formula");
        }
    }

    [Fact]
    public void Normalisation_gives_surround_suppression_where_the_formula_puts_it_and_the_plain_block_has_none()
    {
        using var scope = NewDisposeScope();
        // One complex cell of known tuning at the centre of a 64-px (2.3°) grayscale block, other cells as sampled.
        var options = ScaledFrontEnd.ForImageSize(64, 1) with { SimpleChannels = 8, ComplexChannels = 8, NoiseMode = NoiseMode.None, Normalization = new DivisiveNormalizationOptions() };
        var sampled = V1Sampler.Sample(8, 8, options.Sampler, 1);
        int cell = 8;
        var sf = sampled.SpatialFrequency.ToArray();
        var ori = sampled.Orientation.ToArray();
        var nx = sampled.Nx.ToArray();
        var ny = sampled.Ny.ToArray();
        (sf[cell], ori[cell], nx[cell], ny[cell]) = (4, 0, 0.5, 0.5);
        var parameters = sampled with { SpatialFrequency = sf, Orientation = ori, Nx = nx, Ny = ny };
        using var plain = new VOneBlock(options with { Normalization = null }, parameters);
        using var normalised = new VOneBlock(options, parameters);
        double ppd = options.PixelsPerDegree;
        double[] radii = [0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.15];
        var stimuli = torch.cat(radii.Select(r => Grating(64, 4 / ppd, r * ppd, 0.5)).ToArray(), 0);
        var e = plain.forward(stimuli).to(ScalarType.Float64);
        var y = normalised.forward(stimuli).to(ScalarType.Float64);
        var predicted = Predict(e, options.Normalization!, ppd / options.Stride);
        int centre = (int)(e.shape[2] / 2);
        double[] plainCurve = Curve(e, cell, centre), dnCurve = Curve(y, cell, centre), predictedCurve = Curve(predicted, cell, centre);
        for (int i = 0; i < radii.Length; i++)
        {
            ReferenceData.Close(predictedCurve[i], dnCurve[i], 1e-5, 1e-6, $"response at radius {radii[i]}°");
        }

        double SuppressionIndex(double[] c) => (c.Max() - c[^1]) / c.Max();
        Assert.True(SuppressionIndex(plainCurve) < 0.05, $"plain block SI {SuppressionIndex(plainCurve)}");
        Assert.True(SuppressionIndex(dnCurve) > 0.2, $"normalised block SI {SuppressionIndex(dnCurve)}");
        ReferenceData.Close(SuppressionIndex(predictedCurve), SuppressionIndex(dnCurve), 1e-4, 1e-5, "suppression index");
    }

    [Fact]
    public void Normalised_block_passes_finite_input_gradients_matching_central_differences()
    {
        using var scope = NewDisposeScope();
        var options = Small(16) with { SimpleChannels = 3, ComplexChannels = 3, Normalization = new DivisiveNormalizationOptions() };
        using var block = new VOneBlock(options);
        block.to(ScalarType.Float64);
        var x = torch.rand(new long[] { 1, 1, 16, 16 }, ScalarType.Float64, generator: new Generator(4)).requires_grad_(true);
        var weights = torch.rand(block.forward(x).shape, ScalarType.Float64, generator: new Generator(6));
        (block.forward(x) * weights).sum().backward();
        var grad = x.grad!.clone();
        Assert.True(grad.isfinite().all().item<bool>());
        using var noGrad = torch.no_grad();
        foreach (int index in new[] { 17, 100, 200 })
        {
            var plus = x.detach().clone();
            var minus = x.detach().clone();
            plus.view(-1)[index] += 1e-6;
            minus.view(-1)[index] -= 1e-6;
            double numeric = ((block.forward(plus) * weights).sum() - (block.forward(minus) * weights).sum()).item<double>() / 2e-6;
            ReferenceData.Close(numeric, grad.view(-1)[index].item<double>(), 1e-5, 1e-7, $"d/dx[{index}]");
        }
    }

    // σ·Eⁿ/(σⁿ + w·P), P the Gaussian average (σ_pool on the output grid, truncated at ⌈3σ⌉) normalised by the weights
    // inside the map — computed here by direct summation in float64, independently of the block's separable convolutions.
    private static Tensor Predict(Tensor e, DivisiveNormalizationOptions o, double gridPerDegree)
    {
        var powered = e.pow(o.Exponent);
        var pooled = o.Pool == NormalizationPool.AllChannels ? powered.mean(new long[] { 1 }, keepdim: true) : powered;
        long n = pooled.shape[0], c = pooled.shape[1], h = pooled.shape[2], w = pooled.shape[3];
        double sigma = o.PoolSigmaDegrees * gridPerDegree;
        int radius = (int)Math.Min(Math.Ceiling(3 * sigma), Math.Max(h, w) - 1);
        var m = pooled.data<double>().ToArray();
        var p = new double[m.Length];
        for (long b = 0; b < n * c; b++)
        {
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double sum = 0, weight = 0;
                    for (int di = -radius; di <= radius; di++)
                    {
                        for (int dj = -radius; dj <= radius; dj++)
                        {
                            int ii = i + di, jj = j + dj;
                            if (ii < 0 || jj < 0 || ii >= h || jj >= w)
                            {
                                continue;
                            }

                            double g = Math.Exp(-0.5 * ((di * di) + (dj * dj)) / (sigma * sigma));
                            sum += g * m[(b * h * w) + (ii * w) + jj];
                            weight += g;
                        }
                    }

                    p[(b * h * w) + (i * w) + j] = sum / weight;
                }
            }
        }

        var pool = torch.tensor(p, pooled.shape, ScalarType.Float64);
        return powered * o.SemiSaturation / (pool * o.PoolWeight + Math.Pow(o.SemiSaturation, o.Exponent));
    }

    private static double[] Curve(Tensor responses, int channel, int centre) =>
        Enumerable.Range(0, (int)responses.shape[0]).Select(i => responses[i, channel, centre, centre].item<double>()).ToArray();

    // A grating of frequency f (cycles/pixel) and contrast c inside a disc of radius r pixels at the centre, 0 outside.
    private static Tensor Grating(int size, double f, double radius, double contrast)
    {
        var v = new float[size * size];
        double mid = (size - 1) / 2.0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double di = i - mid, dj = j - mid;
                v[(i * size) + j] = (di * di) + (dj * dj) <= radius * radius ? (float)(contrast * Math.Cos(2 * Math.PI * f * di)) : 0f;
            }
        }

        return torch.tensor(v, new long[] { 1, 1, size, size });
    }
}
