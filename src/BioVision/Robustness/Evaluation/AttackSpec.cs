using System.Globalization;
using BioVision.Robustness.Attacks;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// A serialisable description of one attack configuration (everything but eps), turned into an <see cref="IAttack"/>
/// by <see cref="Build"/>. Defaults: PGD-Linf, 10 steps, step 0.25 eps, random start, one restart, last iterate, EOT 1.
/// </summary>
public sealed record AttackSpec
{
    /// <summary>The attack family. Default PGD.</summary>
    public AttackKind Kind { get; init; } = AttackKind.Pgd;

    /// <summary>The norm. Default Linf.</summary>
    public ThreatNorm Norm { get; init; } = ThreatNorm.Linf;

    /// <summary>PGD steps, APGD iterations or Square queries. Default 10.</summary>
    public int Steps { get; init; } = 10;

    /// <summary>PGD step size as a multiple of eps (null: 2.5/steps). Default 0.25.</summary>
    public double? RelativeStepSize { get; init; } = 0.25;

    /// <summary>PGD random start. Default true.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>Restarts (per target for APGD-T). Default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>PGD's returned iterate. Default last.</summary>
    public PgdIterate Iterate { get; init; } = PgdIterate.Last;

    /// <summary>PGD's L1 step. Default sparse (SLIDE).</summary>
    public L1Step L1Step { get; init; } = L1Step.Sparse;

    /// <summary>The loss of APGD (CE or DLR) and PGD. Default cross-entropy.</summary>
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    /// <summary>Target classes of APGD-T. Default 9 (AutoAttack).</summary>
    public int TargetClasses { get; init; } = 9;

    /// <summary>EOT gradient samples per step (reduced to 1 on a deterministic model). Default 1.</summary>
    public int EotSamples { get; init; } = 1;

    /// <summary>A short label for tables, e.g. <c>PGD-Linf-64 EOT10</c>.</summary>
    public string Label => Build(0).Name + (Kind == AttackKind.Fgsm ? "" : string.Create(CultureInfo.InvariantCulture, $" {Steps}{(Kind == AttackKind.Square ? "q" : "it")}{(Restarts > 1 ? $"x{Restarts}" : "")}"))
        + string.Create(CultureInfo.InvariantCulture, $" EOT{EotSamples}");

    /// <summary>
    /// A sentence-case label for people (progress displays, figure legends), e.g. <c>PGD L-inf eps 1/255, 10 steps, EOT 4</c>
    /// or <c>APGD-DLR L2 eps 0.5, 100 iterations, 2 restarts</c>; L-inf radii are written as multiples of 1/255 when they
    /// are (within 1e-6), other radii as numbers. Not a key: use <see cref="Key"/> to identify a configuration.
    /// </summary>
    /// <param name="epsilon">The radius in [0, 1] pixel units.</param>
    public string DisplayName(double epsilon)
    {
        string norm = Norm switch { ThreatNorm.Linf => "L-inf", ThreatNorm.L2 => "L2", _ => "L1" };
        string family = Kind switch
        {
            AttackKind.Fgsm => "FGSM",
            AttackKind.Pgd => Loss == AttackLoss.CrossEntropy ? "PGD" : $"PGD-{LossName(Loss)}",
            AttackKind.Apgd => $"APGD-{LossName(Loss)}",
            AttackKind.ApgdTargeted => "APGD-T",
            AttackKind.Square => "Square",
            _ => Kind.ToString(),
        };
        var parts = new List<string> { $"{family} {norm} eps {EpsilonText(epsilon, Norm)}" };
        if (Kind != AttackKind.Fgsm)
        {
            string unit = Kind switch { AttackKind.Square => "queries", AttackKind.Pgd => "steps", _ => "iterations" };
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Steps} {unit}"));
        }

        if (Restarts > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Restarts} restarts"));
        }

        if (EotSamples > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"EOT {EotSamples}"));
        }

        return string.Join(", ", parts);
    }

    /// <summary>eps as people write it: <c>4/255</c> for an L-inf radius on the 8-bit grid, else the number (<c>0.5</c>).</summary>
    /// <param name="epsilon">The radius in [0, 1] pixel units.</param>
    /// <param name="norm">Its norm.</param>
    public static string EpsilonText(double epsilon, ThreatNorm norm)
    {
        double levels = epsilon * 255;
        return norm == ThreatNorm.Linf && epsilon > 0 && Math.Abs(levels - Math.Round(levels)) < 1e-6 * Math.Max(1, levels)
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(levels):0}/255")
            : epsilon.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static string LossName(AttackLoss loss) => loss switch { AttackLoss.CrossEntropy => "CE", AttackLoss.Dlr => "DLR", _ => loss.ToString() };

    /// <summary>A culture-invariant key naming every setting (used to identify finished cells).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Kind}|{Norm}|{Steps}|{RelativeStepSize?.ToString("R", CultureInfo.InvariantCulture) ?? "auto"}|{RandomStart}|{Restarts}|{Iterate}|{L1Step}|{Loss}|{TargetClasses}|{EotSamples}");

    /// <summary>The attack at radius <paramref name="epsilon"/>.</summary>
    /// <param name="epsilon">eps in [0, 1] pixel units, not negative.</param>
    /// <exception cref="ArgumentException">Negative or non-finite eps, or an unsupported combination.</exception>
    public IAttack Build(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentException($"eps must be a finite non-negative number (got {epsilon}).", nameof(epsilon));
        }

        return Kind switch
        {
            AttackKind.Fgsm => new Fgsm { Norm = Norm, Epsilon = epsilon },
            AttackKind.Pgd => new Pgd
            {
                Norm = Norm, Epsilon = epsilon, Steps = Steps, RelativeStepSize = RelativeStepSize, RandomStart = RandomStart,
                Restarts = Restarts, Iterate = Iterate, L1Step = L1Step, Loss = Loss,
            }.Validate(),
            AttackKind.Apgd => new Apgd { Norm = Norm, Epsilon = epsilon, Iterations = Steps, Restarts = Restarts, Loss = Loss },
            AttackKind.ApgdTargeted => new Apgd { Norm = Norm, Epsilon = epsilon, Iterations = Steps, Restarts = Restarts, TargetClasses = Math.Max(1, TargetClasses) },
            AttackKind.Square => new Square { Norm = Norm, Epsilon = epsilon, Queries = Steps },
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown attack."),
        };
    }
}
