using BioVision.Stochastic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Corruptions;
using BioVision.Runs;
using static TorchSharp.torch;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// Runs a robustness evaluation: clean accuracy, every attack sweep, the per-image worst case across attacks, common
/// corruptions and the sanity checklist, as a list of cells. A finished cell is written to the <see cref="RunStore"/>
/// (when given), so a killed evaluation continues where it stopped; the store is bound to the
/// <see cref="Fingerprint">fingerprint</see> of every input (options, model and control weights, images, labels), so a
/// rerun under any other input is refused instead of reusing cells. Each cell seeds torch's global generator from
/// <see cref="RobustnessOptions.Seed"/> and its own name (attack noise and scoring noise from different seeds), so a
/// rerun reproduces it; the model is put in <c>eval()</c> mode.
/// </summary>
/// <remarks>
/// Semantics for stochastic models (§3.3 of the robustness notes): attacks use EOT (the draw-averaged loss gradient)
/// under <see cref="RobustnessOptions.AttackNoise"/>; the adversarial images are then scored with
/// <see cref="RobustnessOptions.ScoringDraws"/> fresh draws under <see cref="RobustnessOptions.ScoringNoise"/>, giving
/// expected accuracy with a confidence interval, plurality-vote accuracy and the worst case over draws. On a
/// deterministic model every draw agrees, so EOT and scoring use one draw.
/// <para>Robust accuracy is bounded by clean correctness per image, as in AutoAttack (an image counts as robust only if it
/// is classified correctly clean and under attack; an attack that happens to "fix" a misclassified image earns nothing).
/// For a stochastic model the clean image is itself a point of the eps-ball, so an image's robust count is the smaller of
/// its correct clean draws and its correct attacked draws (both over <see cref="RobustnessOptions.ScoringDraws"/> fresh
/// draws): the per-image worst case over {clean, attacked}, the deterministic AND when draws = 1. The plurality vote is a
/// deterministic classifier, so its robust outcome is the AND of its clean and attacked votes; "worst over draws" counts an
/// image only if every clean and every attacked draw is correct. Control-model cells use the control's own clean draws.
/// </para>
/// </remarks>
public sealed class RobustnessEvaluator
{
    /// <summary>Creates an evaluator.</summary>
    /// <param name="options">What to run.</param>
    public RobustnessEvaluator(RobustnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
    }

    /// <summary>The settings.</summary>
    public RobustnessOptions Options { get; }

    /// <summary>
    /// The version of the evaluation's rules (cell semantics, scoring, corruption generators); part of every
    /// fingerprint, so results computed under older rules are never reused.
    /// </summary>
    public const int ImplementationVersion = 3;

    /// <summary>
    /// The identity of an evaluation's inputs: the rules' version, the options (every setting, as JSON), the model's
    /// description and weights, the control's weights, the images, the labels and the class count.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="images">The images.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="classes">The class count.</param>
    /// <param name="control">The control model, or null.</param>
    /// <param name="modelDescription">What the weights do not show (a <c>ModelSpec</c>'s JSON: noise settings, front-end options), or null.</param>
    public Fingerprint FingerprintOf(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int classes, nn.Module<Tensor, Tensor>? control = null, string? modelDescription = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var builder = new FingerprintBuilder()
            .AddText("rules", string.Create(CultureInfo.InvariantCulture, $"robustness v{ImplementationVersion}, corruptions v{Corruptor.ImplementationVersion}"))
            .AddJson("options", Options, RobustnessJsonContext.Default.RobustnessOptions)
            .AddText("model", modelDescription ?? "(not described)")
            .AddModule("model weights", model)
            .AddTensor("images", images)
            .AddTensor("labels", labels)
            .AddText("classes", classes.ToString(CultureInfo.InvariantCulture));
        if (control is null)
        {
            builder.AddText("control weights", "none");
        }
        else
        {
            builder.AddModule("control weights", control);
        }

        return builder.Build();
    }

    /// <summary>Evaluates <paramref name="model"/> on images in [0, 1].</summary>
    /// <param name="model">Logits of images in [0, 1] (normalisation inside, see <see cref="NormalizedModel"/>).</param>
    /// <param name="images">Images [N, C, H, W] on the model's device, values in [0, 1].</param>
    /// <param name="labels">Labels [N] (int64) in [0, classes).</param>
    /// <param name="classes">Number of classes of the dataset.</param>
    /// <param name="modelName">Name for the report.</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="control">An undefended control model for the "≈0 % at the standard eps" check, or null (check skipped).</param>
    /// <param name="store">Where finished cells are kept (resume), or null; it is bound to <see cref="FingerprintOf"/> of these inputs.</param>
    /// <param name="progress">Receives progress per cell.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <param name="modelDescription">What the weights do not show (the model's spec JSON), part of the fingerprint; or null.</param>
    /// <exception cref="ArgumentException">Images outside [0, 1], mismatched labels, or a model whose output is not logits of <paramref name="classes"/> classes.</exception>
    /// <exception cref="RunMismatchException">The store holds cells computed under other inputs (the message names the first).</exception>
    public RobustnessReport Evaluate(
        nn.Module<Tensor, Tensor> model,
        Tensor images,
        Tensor labels,
        int classes,
        string modelName,
        string datasetName,
        nn.Module<Tensor, Tensor>? control = null,
        RunStore? store = null,
        IProgress<RobustnessProgress>? progress = null,
        CancellationToken cancellationToken = default,
        string? modelDescription = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ValidateInputs(model, images, labels, classes);
        control?.eval();
        if (control is not null)
        {
            ValidateInputs(control, images, labels, classes);
        }

        model.eval();
        store?.Bind("robustness", FingerprintOf(model, images, labels, classes, control, modelDescription));
        bool attackStochastic, scoringStochastic;
        using (new NoiseOverride(model, Options.AttackNoise))
        {
            attackStochastic = StochasticModules.IsStochastic(model);
        }

        using (new NoiseOverride(model, Options.ScoringNoise))
        {
            scoringStochastic = StochasticModules.IsStochastic(model);
        }

        int draws = scoringStochastic ? Options.ScoringDraws : 1;
        int n = (int)images.shape[0];
        int dimension = (int)(images.numel() / n);
        var plan = Plan(attackStochastic, control is not null);
        int total = plan.Count + 2 + (Options.Corruptions is { } co ? co.Kinds.Count * co.Severities.Count : 0);
        int done = 0;
        var context = new CellContext(this, model, control, images, labels, draws, attackStochastic, store, cancellationToken);

        progress?.Report(new RobustnessProgress("clean", done, total));
        var clean = context.Clean();
        progress?.Report(new RobustnessProgress("clean", ++done, total));
        var health = context.Gradients(PrimarySpec());
        progress?.Report(new RobustnessProgress("gradient health", ++done, total));
        var results = new List<AttackResult>();
        foreach (var cell in plan)
        {
            string label = (cell.OnControl ? "control: " : "") + cell.Spec.DisplayName(cell.Epsilon) + (cell.Roles == AttackRole.Sweep ? "" : $" ({cell.Roles.Describe()})");
            progress?.Report(new RobustnessProgress(cell.Key, done, total, label));
            results.Add(context.Attack(cell));
            progress?.Report(new RobustnessProgress(cell.Key, ++done, total, label));
        }

        var corruptionResults = new List<CorruptionResult>();
        CorruptionSummary? summary = null;
        if (Options.Corruptions is { } corruptions)
        {
            foreach (var kind in corruptions.Kinds)
            {
                foreach (int severity in corruptions.Severities)
                {
                    string name = CorruptionTable.ReferenceName(kind);
                    progress?.Report(new RobustnessProgress($"{name} severity {severity}", done, total));
                    corruptionResults.Add(context.Corruption(kind, severity, corruptions.ParameterSet, corruptions.Style));
                    progress?.Report(new RobustnessProgress($"{name} severity {severity}", ++done, total));
                }
            }

            summary = CorruptionSummary.Compute(corruptionResults, 1 - clean.Expected, corruptions.Baseline);
        }

        var own = results.Where(r => !r.Role.HasFlag(AttackRole.Control)).ToList();
        var worst = own.GroupBy(r => (r.Norm, r.Epsilon))
            .Where(g => g.Select(r => r.Attack).Distinct().Count() > 1)
            .OrderBy(g => g.Key.Norm).ThenBy(g => g.Key.Epsilon)
            .Select(g => new WorstCaseResult(g.Key.Norm, g.Key.Epsilon, g.Select(r => r.Attack).Distinct().ToArray(), MinCounts(g.ToList(), draws)))
            .ToList();
        var checks = Options.Checks ? SanityChecks(clean, results, health, draws, attackStochastic, control is not null) : [];
        return new RobustnessReport(modelName, datasetName, n, classes, scoringStochastic || attackStochastic, clean, results, worst, corruptionResults, summary, checks, Options);
    }

    /// <summary>Checks that images, labels and the model's output fit together.</summary>
    /// <param name="model">The model.</param>
    /// <param name="images">Images [N, C, H, W].</param>
    /// <param name="labels">Labels [N].</param>
    /// <param name="classes">Number of classes.</param>
    /// <exception cref="ArgumentException">The named problem.</exception>
    public static void ValidateInputs(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.dim() != 4 || images.shape[0] == 0)
        {
            throw new ArgumentException($"Images must be a non-empty batch [N, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"Labels must be a vector of {images.shape[0]} classes; got [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        if (classes < 2)
        {
            throw new ArgumentException($"A classification task needs at least 2 classes (got {classes}).", nameof(classes));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        float min = images.min().item<float>(), max = images.max().item<float>();
        if (!(min >= 0) || !(max <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Images must lie in [0, 1] pixel space (found {min:G4} to {max:G4}); put any normalisation inside the model (NormalizedModel)."), nameof(images));
        }

        long lmin = labels.min().item<long>(), lmax = labels.max().item<long>();
        if (lmin < 0 || lmax >= classes)
        {
            throw new ArgumentException($"Labels must lie in [0, {classes}) (found {lmin} to {lmax}).", nameof(labels));
        }

        model.eval();
        var probe = images.narrow(0, 0, Math.Min(8, images.shape[0]));
        var output = model.forward(probe);
        if (output.dim() != 2 || output.shape[0] != probe.shape[0] || output.shape[1] != classes)
        {
            throw new ArgumentException($"The model's output [{string.Join(", ", output.shape)}] is not logits of the dataset's {classes} classes ([N, {classes}] expected).", nameof(model));
        }

        bool probabilities = output.min().item<float>() >= 0 && output.max().item<float>() <= 1 && (output.sum(1) - 1).abs().max().item<float>() < 1e-4;
        if (probabilities)
        {
            throw new ArgumentException("The model's output looks like softmax probabilities; attacks need logits (remove the final softmax).", nameof(model));
        }
    }

    /// <summary>
    /// Seeds everything a cell draws: torch's generator (random starts, Square's proposals) and the own noise generator of
    /// every stochastic module of <paramref name="model"/> (<see cref="StochasticModules"/>), so a cell is reproducible.
    /// </summary>
    private static void SeedCell(nn.Module model, ulong seed)
    {
        random.manual_seed((long)(seed & 0x7FFFFFFFFFFFFFFFUL));
        StochasticModules.Reseed(model, (long)(seed & 0x7FFFFFFFFFFFFFFFUL), 0);
    }

    internal static ulong CellSeed(long seed, string key)
    {
        ulong hash = 14695981039346656037UL ^ (ulong)seed;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash & 0x7FFFFFFFFFFFFFFFUL;
    }

    /// <summary>
    /// The robust outcome per image (AutoAttack's rule, see the class remarks): correct draws = min(clean, attacked),
    /// plurality = clean plurality AND attacked plurality.
    /// </summary>
    /// <param name="attacked">Correct draws per image on the attacked images.</param>
    /// <param name="attackedPlurality">Whether each attacked image's plurality vote is its label.</param>
    /// <param name="clean">The same for the clean images.</param>
    internal static (int[] Correct, bool[] Plurality) AndClean(IReadOnlyList<int> attacked, IReadOnlyList<bool> attackedPlurality, (int[] Correct, bool[] Plurality) clean)
    {
        if (attacked.Count != clean.Correct.Length || attackedPlurality.Count != clean.Plurality.Length)
        {
            throw new ArgumentException($"Attacked scores of {attacked.Count} images do not match the clean scores of {clean.Correct.Length}.", nameof(attacked));
        }

        var correct = new int[attacked.Count];
        var plurality = new bool[attacked.Count];
        for (int i = 0; i < correct.Length; i++)
        {
            correct[i] = Math.Min(attacked[i], clean.Correct[i]);
            plurality[i] = attackedPlurality[i] && clean.Plurality[i];
        }

        return (correct, plurality);
    }

    private static RobustAccuracy MinCounts(IReadOnlyList<AttackResult> results, int draws)
    {
        int n = results[0].PerImageCorrect.Count;
        var min = new int[n];
        for (int i = 0; i < n; i++)
        {
            min[i] = results.Min(r => r.PerImageCorrect[i]);
        }

        return RobustAccuracy.FromCounts(min, null, draws);
    }

    private AttackSpec PrimarySpec()
    {
        var primary = Options.Sweeps.FirstOrDefault(s => s.Attack.Norm == ThreatNorm.Linf && s.Attack.Kind is AttackKind.Pgd or AttackKind.Apgd);
        return primary?.Attack ?? new AttackSpec { Kind = AttackKind.Pgd, Steps = 20, EotSamples = Options.Sweeps.Count > 0 ? Options.Sweeps[0].Attack.EotSamples : 1 };
    }

    private List<PlannedCell> Plan(bool attackStochastic, bool hasControl)
    {
        var cells = new List<PlannedCell>();
        // A cell planned twice (the primary attack at the standard eps is a sweep point and the convergence base) runs once
        // and keeps every role it serves.
        void Add(AttackSpec spec, double eps, AttackRole role, bool onControl = false)
        {
            var effective = attackStochastic ? spec : spec with { EotSamples = 1 };
            string key = string.Create(CultureInfo.InvariantCulture, $"{(onControl ? "control" : "model")}|{effective.Key}|{eps:R}");
            int index = cells.FindIndex(c => c.Key == key);
            if (index < 0)
            {
                cells.Add(new PlannedCell(key, effective, eps, role, onControl));
            }
            else
            {
                cells[index] = cells[index] with { Roles = cells[index].Roles | role };
            }
        }

        foreach (var sweep in Options.Sweeps)
        {
            foreach (double eps in sweep.Epsilons)
            {
                Add(sweep.Attack, eps, AttackRole.Sweep);
            }
        }

        if (!Options.Checks)
        {
            return cells;
        }

        var primary = PrimarySpec();
        var primaryEps = Options.Sweeps.FirstOrDefault(s => s.Attack == primary)?.Epsilons ?? [Options.StandardEpsilon];
        foreach (double eps in primaryEps)
        {
            Add(primary, eps, AttackRole.SingleStepComparison);
            Add(new AttackSpec { Kind = AttackKind.Fgsm, EotSamples = primary.EotSamples }, eps, AttackRole.SingleStepComparison);
        }

        double standard = Options.StandardEpsilon;
        Add(primary, standard, AttackRole.ConvergenceBase);
        Add(primary with { Steps = primary.Steps * 2 }, standard, AttackRole.DoubleSteps);
        Add(primary with { Restarts = Math.Max(5, primary.Restarts * 2), RandomStart = true }, standard, AttackRole.MoreRestarts);
        if (attackStochastic)
        {
            Add(primary with { EotSamples = primary.EotSamples * 2 }, standard, AttackRole.DoubleEot);
        }

        Add(new AttackSpec { Kind = AttackKind.Square, Steps = Options.SquareQueries, EotSamples = primary.EotSamples }, standard, AttackRole.GradientFree);
        Add(primary, Options.LargeEpsilon, AttackRole.LargeEpsilon);
        if (hasControl)
        {
            Add(primary, standard, AttackRole.Control, onControl: true);
        }

        return cells;
    }

    private List<SanityCheck> SanityChecks(RobustAccuracy clean, List<AttackResult> results, GradientHealth health, int draws, bool attackStochastic, bool hasControl)
    {
        var checks = new List<SanityCheck>();
        var own = results.Where(r => !r.Role.HasFlag(AttackRole.Control)).ToList();
        var primary = PrimarySpec();
        string primaryLabel = (attackStochastic ? primary : primary with { EotSamples = 1 }).Label;
        AttackResult? Find(string label, double eps) => own.FirstOrDefault(r => r.Attack == label && r.Epsilon == eps);
        string F(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        string E(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

        // T16: every adversarial example inside its ball and the box.
        var outside = results.Where(r => r.MaxPerturbation > (r.Epsilon * (1 + 1e-4)) + 1e-5 || !r.InBox).ToList();
        checks.Add(new SanityCheck("Perturbations within the eps-ball and [0, 1]", outside.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            outside.Count == 0 ? $"{results.Count} runs checked" : string.Join("; ", outside.Select(r => $"{r.Attack} eps {E(r.Epsilon)}: max {E(r.MaxPerturbation)}{(r.InBox ? "" : ", outside [0, 1]")}"))));

        // T2: monotone in eps (within the CI), starting from clean accuracy.
        var violations = new List<string>();
        foreach (var group in own.Where(r => r.Role.HasFlag(AttackRole.Sweep)).GroupBy(r => r.Attack))
        {
            var previous = clean;
            double previousEps = 0;
            foreach (var r in group.OrderBy(r => r.Epsilon))
            {
                if (r.Accuracy.Expected > previous.Upper)
                {
                    violations.Add($"{group.Key}: {F(r.Accuracy.Expected)} at eps {E(r.Epsilon)} above {F(previous.Expected)} (CI to {F(previous.Upper)}) at eps {E(previousEps)}");
                }

                previous = r.Accuracy;
                previousEps = r.Epsilon;
            }
        }

        checks.Add(new SanityCheck("Robust accuracy falls monotonically with eps", violations.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            violations.Count == 0 ? "no increase beyond the confidence interval in any sweep" : string.Join("; ", violations)));

        // T3: about zero at a large eps.
        if (Find(primaryLabel, Options.LargeEpsilon) is { } large)
        {
            checks.Add(new SanityCheck($"About 0 % at a large eps ({E(Options.LargeEpsilon)} Linf)",
                large.Accuracy.Expected <= Options.NearZeroAccuracy ? CheckStatus.Passed : CheckStatus.Failed,
                $"{primaryLabel}: {F(large.Accuracy.Expected)} (limit {F(Options.NearZeroAccuracy)})"));
        }

        // T4: iterative at least as strong as single-step.
        var weaker = new List<string>();
        var pairs = 0;
        foreach (var fgsm in own.Where(r => r.Kind == AttackKind.Fgsm && r.Role.HasFlag(AttackRole.SingleStepComparison)))
        {
            if (Find(primaryLabel, fgsm.Epsilon) is { } it)
            {
                pairs++;
                if (it.Accuracy.Expected > fgsm.Accuracy.Upper)
                {
                    weaker.Add($"eps {E(fgsm.Epsilon)}: {primaryLabel} {F(it.Accuracy.Expected)} > FGSM {F(fgsm.Accuracy.Expected)}");
                }
            }
        }

        checks.Add(new SanityCheck("Iterative attack at least as strong as FGSM", pairs == 0 ? CheckStatus.Skipped : weaker.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            pairs == 0 ? "no FGSM runs" : weaker.Count == 0 ? $"{pairs} eps values compared" : string.Join("; ", weaker)));

        // T5/T6/T8: more budget does not markedly raise success.
        double standard = Options.StandardEpsilon;
        var baseRun = Find(primaryLabel, standard);
        void Convergence(string name, AttackRole role)
        {
            var variant = own.FirstOrDefault(r => r.Role.HasFlag(role) && r.Epsilon == standard);
            if (baseRun is null || variant is null)
            {
                checks.Add(new SanityCheck(name, CheckStatus.Skipped, "not run"));
                return;
            }

            bool ok = variant.Accuracy.Expected >= baseRun.Accuracy.Lower - Options.ConvergenceTolerance;
            checks.Add(new SanityCheck(name, ok ? CheckStatus.Passed : CheckStatus.Failed,
                $"eps {E(standard)}: {baseRun.Attack} {F(baseRun.Accuracy.Expected)} (CI from {F(baseRun.Accuracy.Lower)}) vs {variant.Attack} {F(variant.Accuracy.Expected)}; tolerance {F(Options.ConvergenceTolerance)}"));
        }

        Convergence("Doubling the steps does not markedly raise success", AttackRole.DoubleSteps);
        Convergence("More random restarts do not markedly raise success", AttackRole.MoreRestarts);
        if (attackStochastic)
        {
            Convergence("Doubling the EOT samples does not markedly raise success", AttackRole.DoubleEot);
        }
        else
        {
            checks.Add(new SanityCheck("Doubling the EOT samples does not markedly raise success", CheckStatus.Skipped, "deterministic model: every draw is the same"));
        }

        // T11: gradient-free must not beat white-box.
        var square = own.FirstOrDefault(r => r.Kind == AttackKind.Square && r.Role.HasFlag(AttackRole.GradientFree));
        var whiteBox = own.Where(r => r.Norm == ThreatNorm.Linf && r.Epsilon == standard && r.Kind != AttackKind.Square).ToList();
        if (square is null || whiteBox.Count == 0)
        {
            checks.Add(new SanityCheck("Square does not beat the white-box attacks", CheckStatus.Skipped, "not run"));
        }
        else
        {
            var wb = MinCounts(whiteBox, draws);
            var union = MinCounts([.. whiteBox, square], draws);
            bool ok = square.Accuracy.Expected >= wb.Lower;
            checks.Add(new SanityCheck("Square does not beat the white-box attacks", ok ? CheckStatus.Passed : CheckStatus.Failed,
                $"eps {E(standard)}: Square {F(square.Accuracy.Expected)} vs white-box worst case {F(wb.Expected)} (CI from {F(wb.Lower)}); adding Square per image: {F(union.Expected)}"));
        }

        // T14: gradient health.
        bool healthy = health.NonFiniteValues == 0 && health.ZeroGradientImages == 0;
        checks.Add(new SanityCheck("Input gradients finite and non-zero", healthy ? CheckStatus.Passed : CheckStatus.Failed,
            string.Create(CultureInfo.InvariantCulture, $"{health.Images} images: {health.NonFiniteValues} non-finite entries, {health.ZeroGradientImages} all-zero gradients, mean L2 norm {health.MeanL2Norm:G3}")));

        // T19: undefended control.
        var controlRun = results.FirstOrDefault(r => r.Role.HasFlag(AttackRole.Control));
        checks.Add(controlRun is null
            ? new SanityCheck("Undefended control about 0 % at the standard eps", CheckStatus.Skipped, hasControl ? "not run" : "no control model given")
            : new SanityCheck("Undefended control about 0 % at the standard eps", controlRun.Accuracy.Expected <= Options.NearZeroAccuracy ? CheckStatus.Passed : CheckStatus.Failed,
                $"eps {E(standard)}: {F(controlRun.Accuracy.Expected)} (limit {F(Options.NearZeroAccuracy)})"));
        return checks;
    }

    private sealed record PlannedCell(string Key, AttackSpec Spec, double Epsilon, AttackRole Roles, bool OnControl);

    private sealed class CellContext(
        RobustnessEvaluator owner,
        nn.Module<Tensor, Tensor> model,
        nn.Module<Tensor, Tensor>? control,
        Tensor images,
        Tensor labels,
        int draws,
        bool attackStochastic,
        RunStore? store,
        CancellationToken cancellationToken)
    {
        private RobustnessOptions Options => owner.Options;

        private readonly Dictionary<bool, (int[] Correct, bool[] Plurality)> cleanScores = [];

        public RobustAccuracy Clean()
        {
            const string key = "model|clean";
            if (store?.TryRead(key, RobustnessJsonContext.Default.RobustAccuracy) is { } stored)
            {
                return stored;
            }

            var (correct, plurality) = CleanScores(onControl: false);
            var result = RobustAccuracy.FromCounts(correct, plurality, draws);
            store?.Write(key, result, RobustnessJsonContext.Default.RobustAccuracy);
            return result;
        }

        // Per-image clean scores of the model or the control, with the clean cell's seed (so the model's equal its clean
        // cell), computed once per evaluation.
        private (int[] Correct, bool[] Plurality) CleanScores(bool onControl)
        {
            if (!cleanScores.TryGetValue(onControl, out var scores))
            {
                scores = Score(onControl ? control! : model, images, CellSeed(Options.Seed, onControl ? "control|clean" : "model|clean"));
                cleanScores[onControl] = scores;
            }

            return scores;
        }

        public GradientHealth Gradients(AttackSpec spec)
        {
            string key = "model|gradients|" + spec.EotSamples.ToString(CultureInfo.InvariantCulture);
            if (store?.TryRead(key, RobustnessJsonContext.Default.GradientHealth) is { } stored)
            {
                return stored;
            }

            SeedCell(model, CellSeed(Options.Seed, key));
            var attackModel = new AttackModel(model, attackStochastic ? spec.EotSamples : 1, Options.MaxForwardBatch);
            long nonFinite = 0;
            int zero = 0;
            double norms = 0;
            int n = (int)images.shape[0];
            using (new NoiseOverride(model, Options.AttackNoise))
            {
                for (int start = 0; start < n; start += Options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int count = Math.Min(Options.BatchSize, n - start);
                    var g = attackModel.Evaluate(images.narrow(0, start, count), labels.narrow(0, start, count), AttackLoss.CrossEntropy).Gradient!.flatten(1);
                    nonFinite += g.isfinite().logical_not().sum().item<long>();
                    zero += (int)g.abs().amax([1]).eq(0).sum().item<long>();
                    norms += g.nan_to_num().square().sum(1).sqrt().sum().item<float>();
                }
            }

            var result = new GradientHealth(n, nonFinite, zero, norms / n);
            store?.Write(key, result, RobustnessJsonContext.Default.GradientHealth);
            return result;
        }

        public AttackResult Attack(PlannedCell cell)
        {
            string storeKey = cell.Key;
            if (store?.TryRead(storeKey, RobustnessJsonContext.Default.AttackResult) is { } stored)
            {
                return stored with { Role = cell.Roles }; // the roles are this plan's; the numbers do not depend on them
            }

            var target = cell.OnControl ? control! : model;
            var attack = cell.Spec.Build(cell.Epsilon);
            var watch = Stopwatch.StartNew();
            ulong seed = CellSeed(Options.Seed, cell.Key);
            SeedCell(target, seed);
            int n = (int)images.shape[0];
            var batches = new List<Tensor>();
            var queries = attack is Square ? new List<int>(n) : null;
            double maxNorm = 0;
            bool inBox = true;
            var attackModel = new AttackModel(target, cell.Spec.EotSamples, Options.MaxForwardBatch);
            using (new NoiseOverride(target, Options.AttackNoise))
            {
                for (int start = 0; start < n; start += Options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    int count = Math.Min(Options.BatchSize, n - start);
                    var x = images.narrow(0, start, count);
                    Tensor adversarial;
                    if (attack is Square square)
                    {
                        (adversarial, var spent) = square.PerturbCountingQueries(attackModel, x, labels.narrow(0, start, count));
                        queries!.AddRange(spent);
                    }
                    else
                    {
                        adversarial = attack.Perturb(attackModel, x, labels.narrow(0, start, count));
                    }

                    maxNorm = Math.Max(maxNorm, Perturbations.Norm(adversarial - x, cell.Spec.Norm).max().item<float>());
                    inBox &= adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1;
                    batches.Add(adversarial.detach().MoveToOuterDisposeScope());
                }
            }

            using var all = cat(batches, 0);
            foreach (var b in batches)
            {
                b.Dispose();
            }

            var scoringModel = target;
            var (correct, plurality) = Score(scoringModel, all, seed ^ 0x5DEECE66DUL);
            var (robustCorrect, robustPlurality) = AndClean(correct, plurality, CleanScores(cell.OnControl));
            var result = new AttackResult(cell.Spec.Label, cell.Spec.Kind, cell.Spec.Norm, cell.Epsilon, cell.Spec.EotSamples, cell.Roles,
                RobustAccuracy.FromCounts(robustCorrect, robustPlurality, draws), robustCorrect, maxNorm, inBox, watch.Elapsed.TotalSeconds,
                queries is null ? null : QueryCounts.FromCounts(queries));
            store?.Write(storeKey, result, RobustnessJsonContext.Default.AttackResult);
            return result;
        }

        public CorruptionResult Corruption(CorruptionKind kind, int severity, CorruptionParameterSet? set, CorruptionStyle style)
        {
            string name = CorruptionTable.ReferenceName(kind);
            // The implementation version and style are part of the key: a cell corrupted by another implementation is never reused.
            string key = string.Create(CultureInfo.InvariantCulture, $"model|corruption|{name}|{severity}|{set}|v{Corruptor.ImplementationVersion}|{style.Key}");
            if (store?.TryRead(key, RobustnessJsonContext.Default.CorruptionResult) is { } stored)
            {
                return stored;
            }

            var watch = Stopwatch.StartNew();
            ulong seed = CellSeed(Options.Seed, key);
            int n = (int)images.shape[0];
            var parts = new List<Tensor>();
            for (int start = 0, batch = 0; start < n; start += Options.BatchSize, batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(Options.BatchSize, n - start);
                parts.Add(Corruptor.Apply(images.narrow(0, start, count), kind, severity, (long)(seed & 0xFFFFFFFFFFFFUL) + batch, set, style));
            }

            using var corrupted = cat(parts, 0);
            foreach (var p in parts)
            {
                p.Dispose();
            }

            var (correct, plurality) = Score(model, corrupted, seed ^ 0x5DEECE66DUL);
            var result = new CorruptionResult(name, severity, RobustAccuracy.FromCounts(correct, plurality, draws), watch.Elapsed.TotalSeconds);
            store?.Write(key, result, RobustnessJsonContext.Default.CorruptionResult);
            return result;
        }

        private (int[] Correct, bool[] Plurality) Score(nn.Module<Tensor, Tensor> target, Tensor x, ulong seed)
        {
            SeedCell(target, seed);
            using var noise = new NoiseOverride(target, Options.ScoringNoise);
            int n = (int)x.shape[0];
            var correct = new int[n];
            var plurality = new bool[n];
            for (int start = 0; start < n; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(Options.BatchSize, n - start);
                var (c, p) = StochasticScorer.Score(target, x.narrow(0, start, count), labels.narrow(0, start, count), draws, Options.MaxForwardBatch);
                c.CopyTo(correct, start);
                p.CopyTo(plurality, start);
            }

            return (correct, plurality);
        }
    }
}
