using BioVision.Runs;
using System.Diagnostics;
using System.Globalization;
using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Corruptions;
using BioVision.Robustness.Evaluation;

namespace BioVision.Experiments;

/// <summary>
/// Stage 1: white-box attacks through the noise (EOT) and common corruptions on a fixed subset of test images, with
/// the robustness suite's sanity checks. The evaluation's cells are cached in the model's folder, so a killed stage
/// continues where it stopped.
/// </summary>
/// <remarks>
/// Attacks: PGD L-infinity as in the VOneNet protocol (no random start, last iterate, EOT) and APGD with the
/// cross-entropy and DLR losses (the AutoAttack-rand-like pair, EOT), at <see cref="StudyOptions.Epsilons"/>. With
/// fewer steps than the protocol's 64, the step is 2·eps/steps, so the total path length (2·eps) stays the protocol's
/// (64 steps of eps/32, the authors' 2025 re-implementation).
/// </remarks>
public static class RobustnessStage
{
    /// <summary>File of the full robustness report inside the model's folder.</summary>
    public const string ReportFile = "robustness-report.json";

    /// <summary>Measure name of PGD L-infinity at eps.</summary>
    /// <param name="epsilon">eps on the [0, 1] pixel scale.</param>
    public static string PgdKey(double epsilon) => string.Create(CultureInfo.InvariantCulture, $"pgd-linf@{epsilon * 255:0.###}/255");

    /// <summary>Measure name of the per-image worst case over PGD, APGD-CE and APGD-DLR at eps.</summary>
    /// <param name="epsilon">eps on the [0, 1] pixel scale.</param>
    public static string WorstKey(double epsilon) => string.Create(CultureInfo.InvariantCulture, $"linf-worst@{epsilon * 255:0.###}/255");

    /// <summary>The evaluation settings the stage uses for a study.</summary>
    /// <param name="options">The study's settings.</param>
    public static RobustnessOptions Settings(StudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pgd = new AttackSpec
        {
            Kind = AttackKind.Pgd, Norm = ThreatNorm.Linf, Steps = options.AttackSteps, RelativeStepSize = 2.0 / options.AttackSteps,
            RandomStart = false, Iterate = PgdIterate.Last, EotSamples = options.EotSamples,
        };
        var apgd = new AttackSpec { Kind = AttackKind.Apgd, Norm = ThreatNorm.Linf, Steps = options.AttackSteps, Loss = AttackLoss.CrossEntropy, EotSamples = options.EotSamples };
        return new RobustnessOptions
        {
            Sweeps = [new AttackSweep(pgd, options.Epsilons), new AttackSweep(apgd, options.Epsilons), new AttackSweep(apgd with { Loss = AttackLoss.Dlr }, options.Epsilons)],
            ScoringDraws = options.ScoringDraws,
            SquareQueries = options.SquareQueries,
            StandardEpsilon = options.WhiteBoxEpsilon,
            Seed = 0,
            Corruptions = options.CorruptionSeverities.Count == 0 ? null : new CorruptionOptions { Severities = options.CorruptionSeverities },
        };
    }

    /// <summary>Evaluates the trained model of <paramref name="task"/>.</summary>
    /// <param name="context">The study.</param>
    /// <param name="task">A robustness task.</param>
    /// <param name="progress">Receives the fraction of cells done.</param>
    /// <param name="cancellationToken">Stops between batches (finished cells are kept).</param>
    public static StageResult Run(StudyContext context, StudyTask task, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var loaded = context.LoadTrained(task);
        var model = loaded.Model;
        var (images, labels) = context.TestBatch(context.Options.RobustnessImages);
        var evaluator = new RobustnessEvaluator(Settings(context.Options));
        var store = RunStore.Open(Path.Combine(context.Store.ModelDirectory(task), "robustness-cells"));
        var reporter = progress is null ? null : new InlineProgress<RobustnessProgress>(p => progress.Report(p.Fraction));
        var report = evaluator.Evaluate(model, images, labels, context.Test.Classes.Count, task.ModelId, context.Options.Dataset.ToString(),
            store: store, progress: reporter, cancellationToken: cancellationToken, modelDescription: loaded.Description);
        string reportPath = Path.Combine(context.Store.ModelDirectory(task), ReportFile);
        AtomicFile.WriteAllText(reportPath, report.ToJson());

        var measures = new Dictionary<string, double>
        {
            ["robust-clean"] = report.Clean.Expected,
            ["checks-failed"] = report.Checks.Count(c => c.Status == CheckStatus.Failed),
        };
        foreach (var r in report.Attacks.Where(a => a.Role.HasFlag(AttackRole.Sweep) && a.Kind == AttackKind.Pgd && a.Norm == ThreatNorm.Linf))
        {
            measures[PgdKey(r.Epsilon)] = r.Accuracy.Expected;
            if (r.Epsilon == context.Options.WhiteBoxEpsilon)
            {
                measures["whitebox"] = r.Accuracy.Expected;
                measures["whitebox-worst-draw"] = r.Accuracy.WorstCase;
            }
        }

        foreach (var w in report.WorstCases.Where(w => w.Norm == ThreatNorm.Linf))
        {
            measures[WorstKey(w.Epsilon)] = w.Accuracy.Expected;
        }

        if (report.CorruptionSummary is { } summary)
        {
            measures["corruption"] = summary.MeanAccuracy;
            foreach (var g in report.Corruptions.GroupBy(c => c.Corruption))
            {
                measures["corruption:" + g.Key] = g.Average(c => c.Accuracy.Expected);
            }
        }

        return new StageResult(StudyStage.Robustness, measures, Path.GetRelativePath(context.Store.Directory, reportPath), watch.Elapsed.TotalSeconds);
    }
}
