using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Evaluation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Robustness;

public sealed class RobustRuleAndSquareTests
{
    // Two classes; class 1 unless the input is (within 1e-3 in L1) the stored image, which is then called class 0.
    private sealed class WrongOnlyOnItsCleanImage : nn.Module<Tensor, Tensor>
    {
        private readonly Tensor clean;

        public WrongOnlyOnItsCleanImage(Tensor clean) : base(nameof(WrongOnlyOnItsCleanImage))
        {
            this.clean = clean.detach().clone();
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var z = input.sub(clean).abs().flatten(1).sum(1).sub(1e-3).mul(1000);
            return stack([z.neg(), z], 1);
        }
    }

    [Fact]
    public void An_image_wrong_clean_is_not_robust_even_if_the_attacked_image_is_right()
    {
        using var scope = NewDisposeScope();
        // Image 0 is misclassified clean (it is the model's stored image) but every perturbed version of it is called
        // correctly; image 1 is right clean and under attack. AutoAttack's rule: robust = clean correct AND attacked
        // correct, so robust accuracy is 1/2, not 2/2 (which the evaluator reported before: an attack "fixed" image 0).
        var x0 = full(new long[] { 1, 1, 4, 4 }, 0.5f);
        var images = cat([x0, full(new long[] { 1, 1, 4, 4 }, 0.9f)], 0);
        var labels = tensor(new long[] { 1, 1 });
        var model = new WrongOnlyOnItsCleanImage(x0);
        var options = new RobustnessOptions
        {
            Sweeps =
            [
                new AttackSweep(new AttackSpec { Kind = AttackKind.Pgd, Steps = 1, RelativeStepSize = 0.25, RandomStart = true }, [0.1]),
                new AttackSweep(new AttackSpec { Kind = AttackKind.Square, Steps = 5 }, [0.1]),
            ],
            Checks = false,
            Corruptions = null,
        };
        var report = new RobustnessEvaluator(options).Evaluate(model, images, labels, 2, "designed", "designed");
        Assert.Equal(0.5, report.Clean.Expected, 12);
        foreach (var attack in report.Attacks)
        {
            Assert.Equal(new[] { 0, 1 }, attack.PerImageCorrect);
            Assert.Equal(0.5, attack.Accuracy.Expected, 12);
            Assert.Equal(0.5, attack.Accuracy.MajorityVote, 12);
        }

        var worst = Assert.Single(report.WorstCases);
        Assert.Equal(0.5, worst.Accuracy.Expected, 12);

        // Square's per-image queries are recorded (both images stay unfooled: the start plus 5 iterations) and survive
        // the JSON round trip; the gradient attacks record none.
        var square = report.Attacks.Single(a => a.Kind == AttackKind.Square);
        Assert.Equal(new[] { 6, 6 }, square.Queries!.PerImage);
        Assert.Equal(6, square.Queries.Mean, 12);
        Assert.Null(report.Attacks.Single(a => a.Kind == AttackKind.Pgd).Queries);
        string json = report.ToJson();
        var back = RobustnessReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(square.Queries.PerImage, back.Attacks.Single(a => a.Kind == AttackKind.Square).Queries!.PerImage);
        Assert.Contains("queries per image mean 6.0", back.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stochastic_robust_counts_are_the_per_image_minimum_of_clean_and_attacked_draws()
    {
        // 4 draws: robust count = min(clean, attacked); the plurality vote is ANDed.
        var (correct, plurality) = RobustnessEvaluator.AndClean([3, 0, 4, 1], [true, false, true, false], ([4, 2, 2, 3], [true, true, false, true]));
        Assert.Equal(new[] { 3, 0, 2, 1 }, correct);
        Assert.Equal(new[] { true, false, false, false }, plurality);
        Assert.Throws<ArgumentException>(() => RobustnessEvaluator.AndClean([1], [true], ([1, 1], [true, true])));
    }

    // A deterministic two-class model of the mean pixel (class 1 when the mean exceeds 0.55) that records the size of
    // every batch it is given. Its output per image does not depend on the batch (a per-row mean), so results on a subset
    // equal results on the whole batch bit for bit.
    private sealed class CountingMeanModel : nn.Module<Tensor, Tensor>
    {
        public CountingMeanModel() : base(nameof(CountingMeanModel)) => RegisterComponents();

        public List<long> Batches { get; } = [];

        public override Tensor forward(Tensor input)
        {
            Batches.Add(input.shape[0]);
            var z = input.mean([1, 2, 3]).sub(0.55).mul(50);
            return stack([zeros_like(z), z], 1);
        }
    }

    // Image A (mean 0.5, label 0) can be pushed past 0.55 within eps 0.1 and is fooled after some iterations; B (mean 0.1,
    // label 0) can reach at most 0.2 and is never fooled; C (mean 0.5, label 1) is misclassified from the start.
    private static (Tensor Images, Tensor Labels) Designed()
    {
        var images = cat([full(new long[] { 1, 1, 8, 8 }, 0.5f), full(new long[] { 1, 1, 8, 8 }, 0.1f), full(new long[] { 1, 1, 8, 8 }, 0.5f)], 0);
        return (images, tensor(new long[] { 0, 0, 1 }));
    }

    [Fact]
    public void Square_forwards_only_the_images_it_has_not_fooled()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Designed();
        var model = new CountingMeanModel();
        random.manual_seed(3);
        var adversarial = new Square { Epsilon = 0.1, Queries = 200 }.Perturb(new AttackModel(model), images, labels);
        using (no_grad())
        {
            var predictions = model.forward(adversarial).argmax(1).data<long>().ToArray();
            Assert.Equal(1, predictions[0]); // A fooled
            Assert.Equal(0, predictions[1]); // B never
        }

        model.Batches.RemoveAt(model.Batches.Count - 1); // the check above
        // The start queries all 3; C is fooled from the start, so every iteration forwards at most 2 images, then 1 once
        // A is fooled; B, never fooled, is queried in all 200 iterations.
        Assert.Equal(3, model.Batches[0]);
        Assert.Equal(201, model.Batches.Count);
        Assert.All(model.Batches.Skip(1), b => Assert.InRange(b, 1, 2));
        Assert.Contains(1L, model.Batches);
        Assert.True(model.Batches.Skip(1).Zip(model.Batches.Skip(2)).All(p => p.Second <= p.First), "once fooled, an image is not forwarded again");
    }

    [Fact]
    public void Square_counts_queries_per_image()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Designed();
        var model = new CountingMeanModel();
        random.manual_seed(3);
        var (_, queries) = new Square { Epsilon = 0.1, Queries = 200 }.PerturbCountingQueries(new AttackModel(model), images, labels);
        Assert.Equal(1, queries[2]);       // C: only the start
        Assert.Equal(201, queries[1]);     // B: the start and every iteration
        Assert.InRange(queries[0], 2, 200); // A: fooled after some iterations
        Assert.Equal(model.Batches.Sum(), queries.Sum()); // every forwarded image is one query of one image

        var summary = QueryCounts.FromCounts(queries);
        Assert.Equal(queries.Average(), summary.Mean, 12);
        Assert.Equal(queries[0], summary.Median);
        Assert.Equal(201, summary.Max);
        Assert.Equal(new[] { 0, 0, 0 }, new Square { Epsilon = 0 }.PerturbCountingQueries(new AttackModel(model), images, labels).Queries);
    }

    [Fact]
    public void Square_gives_what_the_every_image_loop_gave_for_the_same_seed()
    {
        using var scope = NewDisposeScope();
        // The earlier Square forwarded every image every iteration (fooled ones were proposed to but never accepted). The
        // same random stream drives both, and the model is batch-independent, so the outputs are equal exactly.
        var (images, labels) = Designed();
        var square = new Square { Epsilon = 0.1, Queries = 120 };
        random.manual_seed(5);
        var now = square.Perturb(new AttackModel(new CountingMeanModel()), images, labels);
        random.manual_seed(5);
        var before = EveryImageSquareLinf(new AttackModel(new CountingMeanModel()), images, labels, square);
        Assert.True(now.eq(before).all().item<bool>(), $"max difference {(now - before).abs().max().item<float>()}");
    }

    // The previous Linf loop (test oracle): every image proposed to and forwarded every iteration, updates accepted
    // only for the images not yet fooled.
    private static Tensor EveryImageSquareLinf(AttackModel model, Tensor clean, Tensor labels, Square square)
    {
        double eps = square.Epsilon;
        long n = clean.shape[0], c = clean.shape[1], h = clean.shape[2], w = clean.shape[3], d = c * h * w;
        var stripes = (rand(new long[] { n, c, 1, w }).lt(0.5).to_type(clean.dtype) * 2 - 1).expand(n, c, h, w);
        var best = (clean + (stripes * eps)).clamp(0, 1);
        var bestMargin = model.Evaluate(best, labels, AttackLoss.Margin, gradient: false).Loss;
        for (int i = 0; i < square.Queries; i++)
        {
            var active = bestMargin.le(0);
            if (!active.any().item<bool>())
            {
                break;
            }

            int s = (int)Math.Clamp(Math.Round(Math.Sqrt(Square.WindowFraction(square.PInit, i) * d / c)), 1, Math.Max(1, h - 1));
            long top = randint(0, Math.Max(1, h - s + 1), new long[] { 1 }).item<long>();
            long left = randint(0, Math.Max(1, w - s + 1), new long[] { 1 }).item<long>();
            var window = zeros(new long[] { 1, 1, h, w });
            window.narrow(2, top, s).narrow(3, left, s).fill_(1);
            var signs = rand(new long[] { n, c, 1, 1 }).lt(0.5).to_type(clean.dtype) * 2 - 1;
            var candidate = minimum(maximum(best + (window * signs * (2 * eps)), clean - eps), clean + eps).clamp(0, 1);
            var margin = model.Evaluate(candidate, labels, AttackLoss.Margin, gradient: false).Loss;
            var accept = active.logical_and(margin.gt(bestMargin));
            best = Perturbations.Select(accept, candidate, best);
            bestMargin = where(accept, margin, bestMargin);
        }

        return best;
    }
}
