using BioVision.Training;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Training;

public class ParameterOptimizerTests
{
    private static float[] Run(bool ours, OptimizerKind kind, bool nesterov)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(7);
        using var model = torch.nn.Linear(5, 3);
        var x = torch.randn(8, 5);
        var y = torch.randint(0, 3, [8]);
        var options = new TrainingOptions { Optimizer = kind, LearningRate = 0.05, Momentum = 0.9, Nesterov = nesterov, WeightDecay = 0.01 };
        using var mine = new ParameterOptimizer(model, options);
        torch.optim.Optimizer theirs = kind == OptimizerKind.Sgd
            ? torch.optim.SGD(model.parameters(), 0.05, 0.9, weight_decay: 0.01, nesterov: nesterov)
            : torch.optim.AdamW(model.parameters(), 0.05, weight_decay: 0.01);
        for (int step = 0; step < 5; step++)
        {
            if (ours)
            {
                mine.ZeroGrad();
            }
            else
            {
                theirs.zero_grad();
            }

            torch.nn.functional.cross_entropy(model.forward(x), y).backward();
            if (ours)
            {
                mine.Step(0.05);
            }
            else
            {
                theirs.step();
            }
        }

        return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
    }

    // Our optimisers must follow torch.optim's update rules (checked against TorchSharp's implementation of them).
    [Theory]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.Sgd, true)]
    [InlineData(OptimizerKind.AdamW, false)]
    public void Updates_match_torch_optim(OptimizerKind kind, bool nesterov)
    {
        float[] ours = Run(true, kind, nesterov), theirs = Run(false, kind, nesterov);
        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-5, $"parameter {i}: {ours[i]} vs {theirs[i]}");
        }
    }
}
