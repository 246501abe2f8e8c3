using BioVision.Data;
using BioVision.Models;
using BioVision.Tests.Stress;
using BioVision.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Training;

public sealed class TrainingOptimizerTests
{
    private static TrainingOptions Recipe(OptimizerKind kind, bool nesterov = false, double weightDecay = 0.01) =>
        new() { Optimizer = kind, LearningRate = 0.05, Momentum = 0.9, Nesterov = nesterov, WeightDecay = weightDecay };

    private static nn.Module<Tensor, Tensor> Model()
    {
        var model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3));
        using var generator = new Generator(7);
        Initialisation.ResetParameters(model, generator);
        return model;
    }

    private static void Train(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, int from, int to)
    {
        for (int step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)(100 + step));
            var x = randn(new long[] { 8, 5 }, generator: generator);
            var y = randint(0, 3, new long[] { 8 }, generator: generator);
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(x), y).backward();
            TrainingOptimizer.SetLearningRate(optimizer, 0.05 / (1 + step));
            optimizer.step();
        }
    }

    private static float[] Weights(nn.Module model) => [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];

    // Resume identity at the optimiser level: saving after 3 steps and loading into a fresh optimiser (over a model
    // loaded with the same weights) continues bit for bit like the uninterrupted optimiser.
    [Theory]
    [RepeatData(OptimizerKind.Sgd, false)]
    [RepeatData(OptimizerKind.Sgd, true)]
    [RepeatData(OptimizerKind.AdamW, false)]
    public void Saved_state_continues_exactly_like_the_uninterrupted_optimiser(OptimizerKind kind, bool nesterov, int _)
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var options = Recipe(kind, nesterov);
            using var whole = Model();
            using (var optimizer = TrainingOptimizer.Create(whole, options))
            {
                Train(whole, optimizer, 0, 6);
            }

            using var first = Model();
            using (var optimizer = TrainingOptimizer.Create(first, options))
            {
                Train(first, optimizer, 0, 3);
                first.save(Path.Combine(folder, "model.bin"));
                TrainingOptimizer.Save(optimizer, Path.Combine(folder, "optimizer.bin"));
            }

            using var resumed = Model();
            resumed.load(Path.Combine(folder, "model.bin"));
            using (var optimizer = TrainingOptimizer.Create(resumed, options))
            {
                TrainingOptimizer.Load(optimizer, Path.Combine(folder, "optimizer.bin"), options, CPU);
                Train(resumed, optimizer, 3, 6);
            }

            Assert.Equal(Weights(whole), Weights(resumed));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    // First steps in closed form: SGD p - lr (g + wd p); AdamW p (1 - lr wd) - lr g / (|g| + eps).
    [Theory]
    [RepeatData(OptimizerKind.Sgd)]
    [RepeatData(OptimizerKind.AdamW)]
    public void The_first_step_follows_the_update_rule(OptimizerKind kind, int _)
    {
        using var scope = NewDisposeScope();
        var p = new TorchSharp.Modules.Parameter(tensor(new float[] { 1, -2, 3 }));
        using var model = nn.Sequential(("p", new Holder(p)));
        using var optimizer = TrainingOptimizer.Create(model, Recipe(kind, weightDecay: 0.1));
        (p * tensor(new float[] { 0.5f, -1, 2 })).sum().backward();
        TrainingOptimizer.SetLearningRate(optimizer, 0.2);
        optimizer.step();
        float[] g = [0.5f, -1, 2], p0 = [1, -2, 3];
        for (int i = 0; i < 3; i++)
        {
            double expected = kind == OptimizerKind.Sgd
                ? p0[i] - (0.2 * (g[i] + (0.1 * p0[i])))
                : (p0[i] * (1 - (0.2 * 0.1))) - (0.2 * g[i] / (Math.Abs(g[i]) + 1e-8));
            Assert.Equal(expected, p.data<float>()[i], 5);
        }
    }

    [Theory]
    [RepeatData]
    public void Loading_keeps_this_run_s_hyper_parameters_and_refuses_another_optimiser_s_state(int _)
    {
        string file = Path.Combine(Path.GetTempPath(), $"biovision-optimizer-{Guid.NewGuid():N}.bin");
        try
        {
            using var model = Model();
            using (var sgd = TrainingOptimizer.Create(model, Recipe(OptimizerKind.Sgd, weightDecay: 0.01)))
            {
                Train(model, sgd, 0, 1);
                TrainingOptimizer.Save(sgd, file);
            }

            using var changed = TrainingOptimizer.Create(model, Recipe(OptimizerKind.Sgd, weightDecay: 0.2));
            TrainingOptimizer.Load(changed, file, Recipe(OptimizerKind.Sgd, weightDecay: 0.2), CPU);
            Assert.Equal(0.2, ((TorchSharp.Modules.SGD.Options)changed.state_dict().Options[0]).weight_decay);

            using var adamW = TrainingOptimizer.Create(model, Recipe(OptimizerKind.AdamW));
            var e = Assert.Throws<DataFormatException>(() => TrainingOptimizer.Load(adamW, file, Recipe(OptimizerKind.AdamW), CPU));
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private sealed class Holder : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter weight;

        public Holder(TorchSharp.Modules.Parameter p) : base(nameof(Holder))
        {
            weight = p;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input * weight;
    }
}
