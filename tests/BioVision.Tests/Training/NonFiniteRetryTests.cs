using BioVision.Data;
using BioVision.Devices;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Training;

public sealed class NonFiniteRetryTests
{
    private static readonly InMemoryImageDataset Data = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 64, Size = 12, Seed = 5 });

    /// <summary>A SmallCnn whose output is NaN on the listed (1-based) calls.</summary>
    private sealed class Flaky : nn.Module<Tensor, Tensor>
    {
        private readonly SmallCnn inner;
        private readonly ISet<int> _poisoned;
        private int _calls;

        public Flaky(ISet<int> poisoned, Device device) : base("Flaky")
        {
            inner = new SmallCnn(1, 10, 4, device);
            _poisoned = poisoned;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var output = inner.forward(input);
            return _poisoned.Contains(++_calls) ? output * float.NaN : output;
        }
    }

    private static TrainingOptions Options => new()
    {
        Epochs = 1,
        BatchSize = 32,
        LearningRate = 0.05,
        Seed = 3,
        Device = new DeviceRequest(DeviceKind.Cpu),
    };

    [Fact]
    public void A_spurious_non_finite_step_is_recomputed_and_training_goes_on()
    {
        var trainer = new Trainer(d => new Flaky(new HashSet<int> { 2 }, d), Options, "flaky");
        var result = trainer.Fit(Data);
        // At least the poisoned call; libtorch's own intermittent NaN gradients (see Trainer.ForwardBackward) may add more.
        Assert.InRange(trainer.RetriedSteps, 1, 2 * 2);
        Assert.True(double.IsFinite(result.History[0].TrainLoss));
    }

    [Fact]
    public void A_step_that_stays_non_finite_stops_training_with_an_explanation()
    {
        var always = new HashSet<int>(Enumerable.Range(1, 100));
        var trainer = new Trainer(d => new Flaky(always, d), Options, "diverging");
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Data));
        Assert.Contains("non-finite", e.Message, StringComparison.Ordinal);
        Assert.True(trainer.RetriedSteps >= 2, $"expected the first batch to be recomputed twice, got {trainer.RetriedSteps}");
    }
}
