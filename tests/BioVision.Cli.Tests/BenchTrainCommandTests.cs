using BioVision.Cli.Commands;
using BioVision.Models;
using BioVision.V1;
using Xunit;

namespace BioVision.Cli.Tests;

/// <summary><c>biovision bench train</c> on tiny sizes (no timing assertions, no Python needed) and its FLOP count.</summary>
public class BenchTrainCommandTests
{
    [Fact]
    public void PrintsThroughputWithTheReferenceNotRunWithoutPython()
    {
        var result = CliRunner.Run("bench", "train", "--dataset", "procedural", "--vone", "--width", "4", "--batch-size", "16", "--steps", "2", "--warmup", "1",
            "--device", "cpu", "--python", "/nonexistent/python3");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("BioVision img/s", result.Output, StringComparison.Ordinal);
        Assert.Contains("not run: python '/nonexistent/python3' not found", result.Output, StringComparison.Ordinal);
        Assert.Contains("Load average (1/5/15 min): before", result.Output, StringComparison.Ordinal);
        Assert.Contains("kernel 15, stride 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("MFLOP per training image", result.Output, StringComparison.Ordinal);
        Assert.Contains("Data loading is not timed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceOfAnotherBackboneIsNotRunWithTheReason()
    {
        var result = CliRunner.Run("bench", "train", "--dataset", "procedural", "--model", "CifarResNet", "--batch-size", "2", "--steps", "1", "--warmup", "0",
            "--device", "cpu", "--python", "/nonexistent/python3");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("not run: train_step.py builds SmallCnn and VOne-SmallCnn only", result.Output, StringComparison.Ordinal);
        Assert.Contains("Physical limit: not computed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOldHandTypedReferenceOptionIsGone()
    {
        var result = CliRunner.Run("bench", "train", "--dataset", "procedural", "--reference", "1000");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void CountsTrainingFlopsOfSmallCnnAndVOneSmallCnnAt28Pixels()
    {
        var plain = new ModelSpec { Backbone = BackboneKind.SmallCnn, Width = 32 };
        // conv MACs 225,792 + 7,225,344 + 3,612,672 + 7,225,344, linear 2,560; x3, less the first layer's input gradient; x2.
        Assert.Equal(109_298_688, BenchTrainCommand.TrainingFlopsPerImage(plain, null));
        var vone = plain with { VOne = true };
        VOneBlockOptions block = ModelFactory.BlockFor(vone);
        Assert.Equal((15, 1, 32, 32), (block.KernelSize, block.Stride, block.SimpleChannels, block.ComplexChannels));
        // Fixed V1 forward 784 x 96 x 225 = 16,934,400 MACs; trainable 26,896,896 (bottleneck 1,605,632 first).
        Assert.Equal(192_038_912, BenchTrainCommand.TrainingFlopsPerImage(vone, block));
        Assert.Null(BenchTrainCommand.TrainingFlopsPerImage(plain with { Backbone = BackboneKind.ResNet18 }, null));
    }
}
