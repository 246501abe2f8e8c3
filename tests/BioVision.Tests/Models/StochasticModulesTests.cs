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
}
