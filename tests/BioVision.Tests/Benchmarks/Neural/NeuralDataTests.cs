using BioVision.Benchmarks.Neural;
using Xunit;

namespace BioVision.Tests.Benchmarks.Neural;

/// <summary>The loaders return the bundled data in the documented shapes (read in place from shared/data).</summary>
public class NeuralDataTests
{
    [Fact]
    public void V4Ceiling_IsTheSplitHalfReliabilityOfSession210325()
    {
        // MANIFEST.md: split-half reliability (Spearman–Brown) of responses_210325 has median 0.76 per neuron.
        // Tolerance 0.01: the stated figure has two decimals and random halves differ (spread of the 10-split mean ≈ 0.003).
        var reliability = NeuralData.CowleyV4Reliability();
        Assert.Equal(0.76, reliability.Median, 0.01);
        Assert.Equal(10, reliability.PerSplitMedian.Count);
        Assert.Equal(50, reliability.PerNeuron.Count);
    }

    [Fact]
    public void CowleySession_ImagesAtModelInputAndResponsesInImageOrder()
    {
        var session = NeuralData.CowleyV4(NeuralData.V4ValidationSession, new ModelInput(1, 28, 28), maxImages: 40);
        Assert.Equal(40, session.Count);
        Assert.Equal(67, session.Neurons);
        Assert.Equal(40, session.Images.Count);
        using var image = session.Images.GetImage(0);
        Assert.Equal([1L, 28, 28], image.shape);
        Assert.InRange(image.min().item<float>(), 0f, 1f);
        Assert.InRange(image.max().item<float>(), 0f, 1f);
        var full = NeuralData.CowleyV4(NeuralData.V4ValidationSession, ModelInput.ImageNet);
        Assert.Equal(800, full.Count);
        Assert.Equal(session.Responses[39, 66], full.Responses[39, 66]);
    }

    [Fact]
    public void AllenMouseV1_Has100TrainAnd18TestScenesOf212Cells()
    {
        var mouse = NeuralData.AllenMouseV1();
        Assert.Equal(100, mouse.TrainImages.Count);
        Assert.Equal(18, mouse.TestImages.Count);
        Assert.Equal(212, mouse.TrainResponses.GetLength(1));
        Assert.Equal(18, mouse.TestResponses.GetLength(0));
        Assert.Equal(new BioVision.Data.ImageShape(1, 31, 31), mouse.TrainImages.Shape);
    }

    [Fact]
    public void Images92_AreTheStimuliInOrder()
    {
        var images = NeuralData.Images92(new ModelInput(3, 64, 64));
        Assert.Equal(92, images.Count);
        Assert.Equal(new BioVision.Data.ImageShape(3, 64, 64), images.Shape);
        Assert.Equal("image_01", images.Classes[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralData.Images92(new ModelInput(2, 64, 64)));
    }
}
