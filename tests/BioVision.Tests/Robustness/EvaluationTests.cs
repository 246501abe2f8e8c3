using BioVision.Stochastic;
using System.Text.Json.Serialization.Metadata;
using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Corruptions;
using BioVision.Robustness.Evaluation;
using BioVision.Runs;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Robustness;

[Collection(TrainedModelCollection.Name)]
public class EvaluationTests(TrainedModelFixture fixture)
{
    private static RobustnessOptions SmallSuite => new()
    {
        Sweeps =
        [
            // Madry's step rule (2.5 eps / steps) and the best iterate: with the last iterate at eps/4 steps the checklist
            // flagged this tiny model (PGD weaker than FGSM at eps 0.02), which is what the check is for.
            new AttackSweep(new AttackSpec { Kind = AttackKind.Pgd, Steps = 20, RelativeStepSize = null, Iterate = PgdIterate.Best }, [0.02, 0.05, 0.1]),
            new AttackSweep(new AttackSpec { Kind = AttackKind.Apgd, Steps = 10 }, [0.05]),
        ],
        StandardEpsilon = 0.05,
        SquareQueries = 40,
        BatchSize = 32,
        Corruptions = new CorruptionOptions { Kinds = [CorruptionKind.GaussianNoise, CorruptionKind.Contrast], Severities = [1, 5] },
    };

    [Fact]
    public void Checklist_laws_hold_on_a_trained_deterministic_model_and_the_report_round_trips()
    {
        Assert.True(fixture.CleanAccuracy > 0.5, $"fixture model too weak: {fixture.CleanAccuracy}");
        var report = new RobustnessEvaluator(SmallSuite).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", control: fixture.Model);
        Assert.False(report.Stochastic);
        Assert.Equal(1, report.Clean.Draws);
        Assert.Equal(fixture.CleanAccuracy, report.Clean.Expected, 5);
        foreach (var check in report.Checks.Where(c => c.Name != "Undefended control about 0 % at the standard eps"))
        {
            Assert.True(check.Status != CheckStatus.Failed, $"{check.Name}: {check.Detail}");
        }

        Assert.Contains(report.Checks, c => c.Name.StartsWith("Doubling the EOT", StringComparison.Ordinal) && c.Status == CheckStatus.Skipped);
        Assert.Contains(report.WorstCases, w => w.Norm == ThreatNorm.Linf && w.Epsilon == 0.05);
        var worst = report.WorstCases.First(w => w.Epsilon == 0.05);
        Assert.True(worst.Accuracy.Expected <= report.Attacks.Where(a => a.Epsilon == 0.05 && a.Norm == ThreatNorm.Linf).Min(a => a.Accuracy.Expected) + 1e-12);
        Assert.NotNull(report.CorruptionSummary);
        Assert.Equal(4, report.Corruptions.Count);

        string json = report.ToJson();
        var back = RobustnessReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
        string table = back.ToString();
        Assert.Contains("Sanity checks:", table, StringComparison.Ordinal);
        Assert.Contains("PGD-Linf", table, StringComparison.Ordinal);
        Assert.Contains("| check | status | detail |", back.ToMarkdown(), StringComparison.Ordinal);
        // A model used as its own corruption baseline has mCE and relative mCE of exactly 100.
        var self = CorruptionSummary.Compute(report.Corruptions, 1 - report.Clean.Expected, report.AsCorruptionBaseline());
        Assert.Equal(100, self.Mce!.Value, 9);
    }

    [Fact]
    public void A_killed_evaluation_resumes_from_its_finished_cells()
    {
        var options = SmallSuite with { Checks = false, Corruptions = null };
        string directory = Path.Combine(Path.GetTempPath(), "biovision-cells-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new RobustnessEvaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory));
            var entries = Directory.GetFiles(Path.Combine(directory, RunStore.EntriesFolder)).ToDictionary(f => f, File.GetLastWriteTimeUtc);
            Assert.True(entries.Count >= 5);

            // A kill after some cells: drop one cell, as if the run died before writing it; only that cell is recomputed.
            string dropped = entries.Keys.First(f => Path.GetFileName(f).StartsWith("model_Pgd", StringComparison.Ordinal));
            File.Delete(dropped);
            var second = new RobustnessEvaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory));
            Assert.Equal(first.Clean, second.Clean);
            Assert.Equal(first.Attacks.Select(a => (a.Attack, a.Epsilon, a.Accuracy)), second.Attacks.Select(a => (a.Attack, a.Epsilon, a.Accuracy)));
            Assert.Equal(first.Attacks.SelectMany(a => a.PerImageCorrect), second.Attacks.SelectMany(a => a.PerImageCorrect));
            foreach (var (file, written) in entries.Where(e => e.Key != dropped))
            {
                Assert.Equal(written, File.GetLastWriteTimeUtc(file)); // reused, not rewritten
            }

            Assert.True(File.Exists(dropped));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    // Every input that changes what a cell computes must refuse the stored cells (issue: robustness cells keyed by attack
    // and eps only were reused after another --limit, --draws, --seed, noise setting, batch size or retraining).
    [Fact]
    public void A_store_of_other_inputs_is_refused_naming_what_changed_and_overwrite_starts_afresh()
    {
        var options = SmallSuite with { Checks = false, Corruptions = null, Sweeps = [SmallSuite.Sweeps[0] with { Epsilons = [0.05] }] };
        string directory = Path.Combine(Path.GetTempPath(), "biovision-stale-" + Guid.NewGuid().ToString("N"));
        try
        {
            var original = new RobustnessEvaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory));
            void Refused(string field, Action run)
            {
                var e = Assert.Throws<RunMismatchException>(run);
                Assert.StartsWith(field, e.Difference, StringComparison.Ordinal);
                Assert.Contains(directory, e.Message, StringComparison.Ordinal);
            }

            var evaluator = (RobustnessOptions o) => new RobustnessEvaluator(o);
            long n = fixture.Images.shape[0];
            // A smaller (or larger) --limit: other images.
            Refused("images", () => evaluator(options).Evaluate(fixture.Model, fixture.Images.narrow(0, 0, n - 4), fixture.Labels.narrow(0, 0, n - 4), 10, "tiny", "procedural", store: RunStore.Open(directory)));
            Refused("options.scoringDraws", () => evaluator(options with { ScoringDraws = options.ScoringDraws + 1 }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory)));
            Refused("options.seed", () => evaluator(options with { Seed = 7 }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory)));
            Refused("options.batchSize", () => evaluator(options with { BatchSize = 16 }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory)));
            Refused("options.attackNoise", () => evaluator(options with { AttackNoise = NoiseControl.Off }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory)));
            Refused("model:", () => evaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory), modelDescription: "{\"width\":32}"));

            // Retrained weights (train --overwrite keeps the folder): the weights differ, so the cells are refused.
            using var retrained = BioVision.Models.ModelFactory.Create(new BioVision.Models.ModelSpec { ImageSize = 16, Width = 4 }, CPU);
            using (no_grad())
            {
                var trained = fixture.Model.state_dict();
                foreach (var (name, p) in retrained.named_parameters())
                {
                    p.copy_(trained[name] * 1.01);
                }

                foreach (var (name, b) in retrained.named_buffers())
                {
                    b.copy_(trained[name]);
                }
            }

            retrained.eval();

            Refused("model weights", () => evaluator(options).Evaluate(retrained, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory)));

            // The same inputs continue; overwrite discards the old cells and recomputes under the new ones.
            var again = evaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory));
            Assert.Equal(original.Attacks[0].PerImageCorrect, again.Attacks[0].PerImageCorrect);
            var fresh = evaluator(options with { Seed = 7 }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural", store: RunStore.Open(directory, overwrite: true));
            var direct = evaluator(options with { Seed = 7 }).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural");
            Assert.Equal(direct.Attacks[0].PerImageCorrect, fresh.Attacks[0].PerImageCorrect);
            Assert.Equal(["rules", "options", "model", "model weights", "images", "labels", "classes", "control weights"], RunStore.TryReadManifest(directory)!.Fingerprint.Fields.Select(f => f.Name));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    // A cell planned under two roles (the primary attack at the standard eps is a sweep point and the convergence base)
    // runs once and keeps both roles, so no check is skipped for want of its cell.
    [Fact]
    public void A_cell_planned_under_two_roles_keeps_both()
    {
        var primary = new AttackSpec { Kind = AttackKind.Pgd, Steps = 10, RelativeStepSize = null };
        var options = SmallSuite with
        {
            Corruptions = null,
            Sweeps = [new AttackSweep(primary, [0.05]), new AttackSweep(primary with { Steps = 20 }, [0.05])],
            StandardEpsilon = 0.05,
            SquareQueries = 5,
        };
        var report = new RobustnessEvaluator(options).Evaluate(fixture.Model, fixture.Images, fixture.Labels, 10, "tiny", "procedural");
        var doubled = Assert.Single(report.Attacks, a => a.Attack == (primary with { Steps = 20, EotSamples = 1 }).Label && a.Epsilon == 0.05);
        Assert.True(doubled.Role.HasFlag(AttackRole.Sweep) && doubled.Role.HasFlag(AttackRole.DoubleSteps), doubled.Role.Describe());
        var check = Assert.Single(report.Checks, c => c.Name == "Doubling the steps does not markedly raise success");
        Assert.NotEqual(CheckStatus.Skipped, check.Status);
        var back = RobustnessReport.FromJson(report.ToJson());
        Assert.Equal(doubled.Role, back.Attacks.Single(a => a.Attack == doubled.Attack && a.Epsilon == 0.05).Role);
        Assert.Contains("\"sweep, 2x steps\"", report.ToJson(), StringComparison.Ordinal);
        // A report written when roles were single strings reads back.
        Assert.Equal(AttackRole.ConvergenceBase, System.Text.Json.JsonSerializer.Deserialize("\"convergence base\"", RobustnessJsonContext.Default.AttackRole));
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        var evaluator = new RobustnessEvaluator(SmallSuite with { Checks = false, Corruptions = null });
        var outside = Assert.Throws<ArgumentException>(() => evaluator.Evaluate(fixture.Model, fixture.Images * 2, fixture.Labels, 10, "m", "d"));
        Assert.Contains("[0, 1]", outside.Message, StringComparison.Ordinal);
        var classes = Assert.Throws<ArgumentException>(() => evaluator.Evaluate(fixture.Model, fixture.Images, fixture.Labels, 12, "m", "d"));
        Assert.Contains("not logits of the dataset's 12 classes", classes.Message, StringComparison.Ordinal);
        using var softmax = new Softmaxed(fixture.Model);
        var probabilities = Assert.Throws<ArgumentException>(() => evaluator.Evaluate(softmax, fixture.Images, fixture.Labels, 10, "m", "d"));
        Assert.Contains("softmax", probabilities.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AttackSpec().Build(-0.1));
        Assert.Throws<ArgumentException>(() => new RobustnessOptions { Sweeps = [new AttackSweep(new AttackSpec(), [-1])] }.Validate());
        var unknown = Assert.Throws<ArgumentException>(() => CorruptionTable.Parse("sunburn"));
        Assert.Contains("gaussian_noise", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stochastic_model_is_scored_over_fresh_draws_and_noise_controls_are_separate()
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(3);
        var block = ScaledFrontEnd.ForImageSize(16, 1) with { SimpleChannels = 4, ComplexChannels = 4 };
        using var model = BioVision.Models.VOneNet.Wrap(new BioVision.Models.SmallCnn(4, 10, 4), block, bottleneckChannels: 4);
        model.eval();
        Assert.True(StochasticModules.IsStochastic(model));
        using (new NoiseOverride(model, NoiseControl.Off))
        {
            Assert.False(StochasticModules.IsStochastic(model));
            using var noGrad = torch.no_grad();
            Assert.True(model.forward(fixture.Images).eq(model.forward(fixture.Images)).all().item<bool>());
        }

        Assert.True(StochasticModules.IsStochastic(model));
        var (correct, plurality) = StochasticScorer.Score(model, fixture.Images, fixture.Labels, 16);
        Assert.All(correct, c => Assert.InRange(c, 0, 16));
        var accuracy = RobustAccuracy.FromCounts(correct, plurality, 16);
        Assert.True(accuracy.WorstCase <= accuracy.Expected + 1e-12);
        Assert.InRange(accuracy.Expected, accuracy.Lower, accuracy.Upper);
        var options = new RobustnessOptions
        {
            Sweeps = [new AttackSweep(new AttackSpec { Steps = 3, EotSamples = 2 }, [0.05])], Checks = false, ScoringDraws = 16, ScoringNoise = NoiseControl.Off,
        };
        var report = new RobustnessEvaluator(options).Evaluate(model, fixture.Images, fixture.Labels, 10, "vone", "procedural");
        Assert.True(report.Stochastic);
        Assert.Equal(1, report.Clean.Draws);
        Assert.Equal(2, report.Attacks[0].EotSamples);
        Assert.Null(model.Block.NoiseControlOverride);
    }

    [Fact]
    public void Wilson_interval_matches_the_formula_and_its_edge_cases()
    {
        var (lower, upper) = RobustAccuracy.Wilson(0.5, 100);
        Assert.Equal(0.4038, lower, 4);
        Assert.Equal(0.5962, upper, 4);
        var (l0, u0) = RobustAccuracy.Wilson(0, 10);
        Assert.Equal(0, l0, 12);
        Assert.Equal(3.8415 / (10 + 3.8415), u0, 4);
        var a = RobustAccuracy.FromCounts([16, 0, 8, 9], null, 16);
        Assert.Equal(33.0 / 64, a.Expected, 12);
        Assert.Equal(0.5, a.MajorityVote, 12);
        Assert.Equal(0.25, a.WorstCase, 12);
        Assert.Throws<ArgumentException>(() => RobustAccuracy.FromCounts([17], null, 16));
    }

    private sealed class Softmaxed : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;

        public Softmaxed(nn.Module<Tensor, Tensor> model) : base(nameof(Softmaxed))
        {
            inner = model;
        }

        public override Tensor forward(Tensor input) => nn.functional.softmax(inner.forward(input), 1);
    }
}
