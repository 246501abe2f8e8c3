using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Robustness;

[Collection(TrainedModelCollection.Name)]
public class AttackTests(TrainedModelFixture fixture)
{
    public static TheoryData<string> Attacks => new() { "FGSM", "FGM-L2", "PGD-Linf", "PGD-Linf-best-restarts", "PGD-L2", "PGD-L1-SLIDE", "PGD-L1-dense", "APGD-CE", "APGD-DLR", "APGD-T", "APGD-CE-L2", "Square-Linf", "Square-L2", "Composite" };

    private static IAttack Make(string name) => name switch
    {
        "FGSM" => new Fgsm { Epsilon = 0.1 },
        "FGM-L2" => new Fgsm { Norm = ThreatNorm.L2, Epsilon = 1.5 },
        "PGD-Linf" => new Pgd { Epsilon = 0.1, Steps = 10 },
        "PGD-Linf-best-restarts" => new Pgd { Epsilon = 0.1, Steps = 5, Restarts = 2, Iterate = PgdIterate.Best },
        "PGD-L2" => new Pgd { Norm = ThreatNorm.L2, Epsilon = 1.5, Steps = 10 },
        "PGD-L1-SLIDE" => new Pgd { Norm = ThreatNorm.L1, Epsilon = 12, Steps = 10, RelativeStepSize = 0.2, SparseQuantile = 0.9 },
        "PGD-L1-dense" => new Pgd { Norm = ThreatNorm.L1, Epsilon = 12, Steps = 10, L1Step = L1Step.DenseReproduction, RandomStart = false },
        "APGD-CE" => new Apgd { Epsilon = 0.1, Iterations = 12 },
        "APGD-DLR" => new Apgd { Epsilon = 0.1, Iterations = 12, Loss = AttackLoss.Dlr },
        "APGD-T" => new Apgd { Epsilon = 0.1, Iterations = 6, TargetClasses = 2 },
        "APGD-CE-L2" => new Apgd { Norm = ThreatNorm.L2, Epsilon = 1.5, Iterations = 12 },
        "Square-Linf" => new Square { Epsilon = 0.1, Queries = 60 },
        "Square-L2" => new Square { Norm = ThreatNorm.L2, Epsilon = 1.5, Queries = 60 },
        "Composite" => new CompositeAttack([new Fgsm { Epsilon = 0.1 }, new Pgd { Epsilon = 0.1, Steps = 5 }]),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Attack_stays_in_its_ball_and_the_box_and_raises_the_loss(string name)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(11);
        var attack = Make(name);
        var x = fixture.Images;
        var adversarial = attack.Perturb(new AttackModel(fixture.Model), x, fixture.Labels);
        Assert.Equal(x.shape, adversarial.shape);
        Assert.False(adversarial.requires_grad);
        float norm = Perturbations.Norm(adversarial - x, attack.Norm).max().item<float>();
        Assert.True(norm <= (attack.Epsilon * (1 + 1e-5)) + 1e-5, $"{name}: max perturbation {norm} > eps {attack.Epsilon}");
        Assert.True(adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1, $"{name} left the [0, 1] box");
        using (torch.no_grad())
        {
            float clean = nn.functional.cross_entropy(fixture.Model.forward(x), fixture.Labels).item<float>();
            float attacked = nn.functional.cross_entropy(fixture.Model.forward(adversarial), fixture.Labels).item<float>();
            Assert.True(attacked > clean, $"{name}: adversarial loss {attacked} should exceed the clean loss {clean}");
        }
    }

    [Fact]
    public void Eot_on_a_deterministic_model_equals_plain_pgd()
    {
        using var scope = torch.NewDisposeScope();
        // The law is on the EOT gradient: averaging k identical draws gives the single-draw gradient. It holds to float
        // precision, not bit for bit: a batch of 4 copies (or draws split over several passes) is summed in another order
        // by libtorch's multi-threaded kernels, and PGD's sign step would amplify those ulp differences in near-zero
        // entries, so the gradients are compared before the sign.
        var one = new AttackModel(fixture.Model, 1).Evaluate(fixture.Images, fixture.Labels, AttackLoss.CrossEntropy).Gradient!;
        var eot = new AttackModel(fixture.Model, 4).Evaluate(fixture.Images, fixture.Labels, AttackLoss.CrossEntropy).Gradient!;
        float scale = one.abs().max().item<float>();
        Assert.True((one - eot).abs().max().item<float>() <= 1e-5 * scale, $"EOT over identical draws must give the plain gradient (max difference {(one - eot).abs().max().item<float>()}, largest entry {scale})");
        var split = new AttackModel(fixture.Model, 4, maxForwardBatch: 50).Evaluate(fixture.Images, fixture.Labels, AttackLoss.CrossEntropy).Gradient!;
        Assert.True((one - split).abs().max().item<float>() <= 1e-5 * one.abs().max().item<float>(), "EOT split over several passes must give the same gradient");
    }

    [Fact]
    public void Eot_gradient_is_the_mean_of_per_draw_gradients()
    {
        using var scope = torch.NewDisposeScope();
        // A model whose only randomness is an additive Gaussian input shift: each draw's CE gradient differs.
        var model = new NoisyLinear();
        var x = torch.rand(3, 1, 4, 4);
        var y = torch.tensor(new long[] { 0, 1, 2 });
        torch.random.manual_seed(9);
        var mean = new AttackModel(model, 5).Evaluate(x, y, AttackLoss.CrossEntropy).Gradient!;
        torch.random.manual_seed(9);
        // The batched draws are the batch repeated 5 times: the same noise in one [15, ...] draw, split per draw.
        var leaf = x.repeat(5, 1, 1, 1).requires_grad_(true);
        var loss = nn.functional.cross_entropy(model.forward(leaf), y.repeat(5), reduction: nn.Reduction.Sum);
        var perDraw = torch.autograd.grad([loss], [leaf])[0].view(5, 3, 1, 4, 4).mean([0]);
        Assert.True((mean - perDraw).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void L1_projection_is_the_euclidean_projection()
    {
        using var scope = torch.NewDisposeScope();
        var v = torch.tensor(new float[] { 3, 1, 0.5f, -0.2f, 0.1f, 0, 0, 0 }).view(2, 4);
        var p = Perturbations.ProjectL1(v, 2);
        // Row 1 (norm 4.5): threshold 1 gives [2, 0, 0, 0]; row 2 (norm 0.1) is inside and unchanged.
        Assert.Equal(new float[] { 2, 0, 0, 0, 0.1f, 0, 0, 0 }, p.data<float>().ToArray());
        torch.random.manual_seed(2);
        var r = torch.randn(16, 50) * 3;
        var q = Perturbations.ProjectL1(r, 5);
        Assert.True(Perturbations.Norm(q, ThreatNorm.L1).max().item<float>() <= 5 + 1e-4);
        // Optimality: no random point of the ball is closer to r than q.
        for (int i = 0; i < 5; i++)
        {
            var other = Perturbations.ProjectL1(torch.randn(16, 50) * 3, 5);
            Assert.True(((r - q).square().sum(1) <= (r - other).square().sum(1) + 1e-4).all().item<bool>());
        }
    }

    [Theory]
    [InlineData(ThreatNorm.Linf)]
    [InlineData(ThreatNorm.L2)]
    [InlineData(ThreatNorm.L1)]
    public void Random_starts_lie_in_the_ball(ThreatNorm norm)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(1);
        var start = Perturbations.RandomStart(torch.zeros(64, 1, 8, 8), norm, 0.5);
        Assert.True(Perturbations.Norm(start, norm).max().item<float>() <= 0.5 + 1e-5);
        Assert.True(Perturbations.Norm(start, norm).min().item<float>() > 0);
    }

    [Fact]
    public void Apgd_checkpoints_match_autoattack()
    {
        Assert.Equal(new[] { 21, 40, 56, 69, 79, 86, 92, 98 }, Apgd.Checkpoints(100));
    }

    [Fact]
    public void Dlr_loss_is_invariant_to_logit_shift_and_scale()
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(4);
        var z = torch.randn(6, 10);
        var y = torch.tensor(new long[] { 0, 1, 2, 3, 4, 5 });
        var a = AttackLosses.Compute(AttackLoss.Dlr, z, y);
        var b = AttackLosses.Compute(AttackLoss.Dlr, (z * 3) + 7, y);
        Assert.True((a - b).abs().max().item<float>() < 1e-4);
        Assert.Throws<ArgumentException>(() => AttackLosses.Compute(AttackLoss.Dlr, torch.randn(2, 2), torch.tensor(new long[] { 0, 1 })));
    }

    private sealed class NoisyLinear : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear fc = nn.Linear(16, 3);

        public NoisyLinear() : base(nameof(NoisyLinear)) => RegisterComponents();

        public override Tensor forward(Tensor input) => fc.forward((input + (torch.randn_like(input) * 0.5)).flatten(1).square());
    }
}
