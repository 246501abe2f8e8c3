using BioVision.Tests.Stress;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Training;

public class LossScheduleAndAttackTests
{
    [Theory]
    [RepeatData]
    public void Cross_entropy_without_smoothing_equals_torch_cross_entropy(int _)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(1);
        var logits = torch.randn(6, 5);
        var labels = torch.tensor(new long[] { 0, 1, 2, 3, 4, 0 });
        float ours = Trainer.CrossEntropy(logits, labels, 0).item<float>();
        float theirs = torch.nn.functional.cross_entropy(logits, labels).item<float>();
        Assert.Equal(theirs, ours, 5);
    }

    [Theory]
    [RepeatData(0.0)]
    [RepeatData(0.3)]
    public void Cross_entropy_of_uniform_logits_is_log_k_for_any_smoothing(double smoothing, int _)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(4, 7);
        var labels = torch.tensor(new long[] { 0, 3, 6, 2 });
        Assert.Equal(Math.Log(7), Trainer.CrossEntropy(logits, labels, smoothing).item<float>(), 5);
    }

    [Theory]
    [RepeatData]
    public void Smoothing_mixes_nll_with_the_mean_negative_log_probability(int _)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new float[] { 2, 0, 0 }).reshape(1, 3);
        var labels = torch.tensor(new long[] { 0 });
        double z = Math.Exp(2) + 2;
        double nll = -Math.Log(Math.Exp(2) / z);
        double mean = -(Math.Log(Math.Exp(2) / z) + (2 * Math.Log(1 / z))) / 3;
        Assert.Equal((0.8 * nll) + (0.2 * mean), Trainer.CrossEntropy(logits, labels, 0.2).item<float>(), 5);
    }

    [Theory]
    [RepeatData]
    public void Schedules_follow_their_formulas(int _)
    {
        var cosine = new TrainingOptions { Epochs = 10, LearningRate = 0.2, Schedule = ScheduleKind.Cosine };
        Assert.Equal(0.2, LearningRateSchedule.Rate(cosine, 0), 12);
        Assert.Equal(0.1, LearningRateSchedule.Rate(cosine, 5), 12);
        var step = new TrainingOptions { LearningRate = 0.1, Schedule = ScheduleKind.Step, StepSize = 20, StepGamma = 0.1 };
        Assert.Equal(0.1, LearningRateSchedule.Rate(step, 19), 12);
        Assert.Equal(0.01, LearningRateSchedule.Rate(step, 20), 12);
        Assert.Equal(0.001, LearningRateSchedule.Rate(step, 45), 12);
        Assert.Equal(0.1, LearningRateSchedule.Rate(step with { Schedule = ScheduleKind.Constant }, 45), 12);
    }

    [Theory]
    [RepeatData(1)]
    [RepeatData(5)]
    public void Adversarial_examples_stay_in_the_ball_and_pixel_range_and_raise_the_loss(int steps, int _)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(3);
        using var model = new SmallCnn(1, 10, 4);
        model.train();
        var images = torch.rand(16, 1, 12, 12);
        var labels = torch.randint(0, 10, [16]);
        const double eps = 0.05;
        var attack = steps == 1 ? PgdStep.FgsmRandomStart(eps) : new PgdStep { Epsilon = eps, StepSize = 0.02, Steps = steps };
        var adversarial = attack.Perturb(model, images, labels);
        Assert.False(adversarial.requires_grad);
        Assert.True((adversarial - images).abs().max().item<float>() <= eps + 1e-6);
        Assert.InRange(adversarial.min().item<float>(), 0f, 1f);
        Assert.InRange(adversarial.max().item<float>(), 0f, 1f);
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
        model.eval();
        using (torch.no_grad())
        {
            float clean = torch.nn.functional.cross_entropy(model.forward(images), labels).item<float>();
            float attacked = torch.nn.functional.cross_entropy(model.forward(adversarial), labels).item<float>();
            Assert.True(attacked > clean, $"adversarial loss {attacked} should exceed clean loss {clean} ({attack.Description})");
        }
    }

    [Theory]
    [RepeatData]
    public void Adversarial_training_runs(int _)
    {
        var data = BioVision.Data.ProceduralDataset.Generate(new BioVision.Data.ProceduralDatasetOptions { Count = 64, Size = 12 });
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Device = new BioVision.Devices.DeviceRequest(BioVision.Devices.DeviceKind.Cpu), Adversarial = PgdStep.FgsmRandomStart(0.03) };
        var result = new Trainer(ModelFactory.For(new ModelSpec { ImageSize = 12, Width = 4 }), options, "SmallCnn").Fit(data, data);
        Assert.True(double.IsFinite(result.History[0].TrainLoss));
    }

    [Theory]
    [RepeatData(BackboneKind.SmallCnn, false, 28, 1)]
    [RepeatData(BackboneKind.SmallCnn, true, 28, 1)]
    [RepeatData(BackboneKind.CifarResNet, true, 32, 3)]
    [RepeatData(BackboneKind.ResNet18, false, 32, 1)]
    public void Model_factory_builds_baselines_and_vone_variants(BackboneKind backbone, bool vone, int size, int channels, int _)
    {
        using var scope = torch.NewDisposeScope();
        var spec = new ModelSpec { Backbone = backbone, VOne = vone, ImageSize = size, InputChannels = channels, Width = 8 };
        using var model = ModelFactory.Create(spec, torch.CPU);
        Assert.Equal(vone, model is BioVision.Models.VOneNet);
        Assert.Equal(new long[] { 2, 10 }, model.forward(torch.rand(2, channels, size, size)).shape);
        if (vone)
        {
            var block = ((BioVision.Models.VOneNet)model).Block;
            Assert.Equal(ModelFactory.BlockFor(spec), block.Options);
        }
    }
}
