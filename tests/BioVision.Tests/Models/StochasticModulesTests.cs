using BioVision.Models;
using BioVision.Stochastic;
using BioVision.Training;
using BioVision.V1;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Models;

public sealed class StochasticModulesTests
{
    [Fact]
    public void A_bare_block_is_reseeded_as_well_as_a_block_inside_a_model()
    {
        using var scope = NewDisposeScope();
        using var block = new VOneBlock(ScaledFrontEnd.ForImageSize(12, 1) with { SimpleChannels = 4, ComplexChannels = 4 });
        block.eval();
        var input = rand(2, 1, 12, 12);
        Assert.Equal(1, StochasticModules.Reseed(block, 7, 3));
        var first = block.forward(input);
        Assert.Equal(1, StochasticModules.Reseed(block, 7, 3));
        Assert.True(first.allclose(block.forward(input), 0, 0), "same (seed, stream): same noise");
        StochasticModules.Reseed(block, 7, 4);
        Assert.False(first.allclose(block.forward(input), 0, 0), "another stream: other noise");

        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = 28, InputChannels = 1, Width = 8 };
        using var model = ModelFactory.Create(spec, CPU);
        model.eval();
        var images = rand(2, 1, 28, 28);
        Assert.Equal(1, StochasticModules.Reseed(model, 7, 3));
        var output = model.forward(images);
        StochasticModules.Reseed(model, 7, 3);
        Assert.True(output.allclose(model.forward(images), 0, 0));
    }

    [Fact]
    public void One_rule_decides_stochasticity_honouring_the_training_flag_overrides_and_fixed_seeds()
    {
        var options = ScaledFrontEnd.ForImageSize(12, 1) with { SimpleChannels = 4, ComplexChannels = 4 };
        using var follow = new VOneBlock(options with { NoiseControl = NoiseControl.FollowTraining });
        follow.eval();
        Assert.False(StochasticModules.IsStochastic(follow), "noise that follows training is off in evaluation mode");
        follow.train();
        Assert.True(StochasticModules.IsStochastic(follow));

        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = 28, InputChannels = 1, Width = 8 };
        using var model = ModelFactory.Create(spec, CPU);
        model.eval();
        Assert.True(StochasticModules.IsStochastic(model), "the reference's noise is on in evaluation too");
        using (new NoiseOverride(model, NoiseControl.Off))
        {
            Assert.False(StochasticModules.IsStochastic(model), "an override turns the noise off");
            using (new NoiseOverride(model, NoiseControl.FixedSeed))
            {
                Assert.False(StochasticModules.IsStochastic(model), "fixed-seed noise repeats on every call: deterministic");
            }

            Assert.False(StochasticModules.IsStochastic(model), "the inner override is undone first");
        }

        Assert.True(StochasticModules.IsStochastic(model), "the override is undone");
        using var quiet = new VOneBlock(options with { NoiseMode = NoiseMode.None });
        Assert.False(StochasticModules.IsStochastic(quiet));
        using var plain = ModelFactory.Create(spec with { VOne = false }, CPU);
        Assert.False(StochasticModules.IsStochastic(plain), "no stochastic modules: deterministic");
    }

    [Fact]
    public void Activation_extraction_takes_one_draw_when_an_override_turns_the_noise_off()
    {
        // Before the one rule, extraction looked at the options only and drew NoiseDraws times under an Off override.
        var spec = new ModelSpec { Backbone = BackboneKind.SmallCnn, VOne = true, ImageSize = 28, InputChannels = 1, Width = 8 };
        using var model = ModelFactory.Create(spec, CPU);
        var stimuli = new BioVision.Data.InMemoryImageDataset(new byte[3 * 28 * 28], [0, 1, 2], new BioVision.Data.ImageShape(1, 28, 28), ["a", "b", "c"]);
        var extraction = new BioVision.Benchmarks.Neural.ExtractionOptions { NoiseDraws = 3, Layers = ["output"] };
        using (var noisy = BioVision.Benchmarks.Neural.ActivationExtractor.Extract(model, stimuli, extraction))
        {
            Assert.Equal(3, noisy.Draws);
        }

        using (new NoiseOverride(model, NoiseControl.Off))
        using (var quiet = BioVision.Benchmarks.Neural.ActivationExtractor.Extract(model, stimuli, extraction))
        {
            Assert.Equal(1, quiet.Draws);
        }
    }
}
