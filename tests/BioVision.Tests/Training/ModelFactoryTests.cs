using BioVision.Tests.Stress;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Training;

public sealed class ModelFactoryTests
{
    private static long Count(IEnumerable<torch.Tensor> tensors) => tensors.Sum(t => t.numel());

    [Theory]
    [RepeatData(4)]
    [RepeatData(16)]
    [RepeatData(32)]
    public void Width_is_honoured_with_and_without_the_v1_front_end(int width, int _)
    {
        var spec = new ModelSpec { Width = width, ImageSize = 28, InputChannels = 1, Classes = 10 };
        using var baseline = ModelFactory.Create(spec, torch.CPU);
        using var vone = (VOneNet)ModelFactory.Create(spec with { VOne = true }, torch.CPU);
        // SmallCnn: stem conv in*w*9, three more convs, four batch norms (2 parameters per channel), classifier.
        long expected = (1 * width * 9) + (width * width * 9) + (width * 2 * width * 9) + (2 * width * 2 * width * 9)
            + (2 * (width + width + (2 * width) + (2 * width))) + (2 * width * 4 * 10) + 10;
        Assert.Equal(expected, Count(baseline.parameters()));

        // The VOne back end is the same SmallCnn of the same width, reading the bottleneck's width channels.
        long backEnd = Count(vone.BackEnd.parameters());
        Assert.Equal(expected - (1 * width * 9) + (width * width * 9), backEnd);
        long bottleneck = Count(vone.parameters()) - backEnd - Count(vone.Block.parameters());
        Assert.Equal(vone.Block.OutputChannels * width, bottleneck);
        Assert.Equal(2 * width, vone.Block.OutputChannels);
    }
}
