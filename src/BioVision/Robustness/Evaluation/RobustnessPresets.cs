using BioVision.Robustness.Attacks;

namespace BioVision.Robustness.Evaluation;

/// <summary>Ready-made evaluations (each returns options to adjust with <c>with</c>).</summary>
public static class RobustnessPresets
{
    /// <summary>
    /// The VOneNet protocol (Dapello et al. 2020 as released): untargeted PGD, 64 iterations, no random start, last
    /// iterate, EOT over <paramref name="eotSamples"/> draws, step ε/32 (their 2025 re-implementation) or ε/4
    /// (<paramref name="authorsScriptStep"/>: the 2021 script), on the nine-point grids of <see cref="EpsilonGrid"/> for
    /// Linf, L2 and L1 (dense ART step, labelled as the reproduction variant), plus SLIDE for L1 as the real L1 number.
    /// </summary>
    /// <param name="dimension">C·H·W of the images (scales the L2/L1 grids).</param>
    /// <param name="eotSamples">EOT draws (paper: 10).</param>
    /// <param name="authorsScriptStep">Use ε/4 instead of ε/32.</param>
    /// <param name="indices">Which grid strengths (null: all nine; the re-implementation's default is 2, 4, 6, 8).</param>
    public static RobustnessOptions VOneNetProtocol(int dimension, int eotSamples = 10, bool authorsScriptStep = false, IReadOnlyList<int>? indices = null)
    {
        var pgd = new AttackSpec
        {
            Kind = AttackKind.Pgd, Steps = 64, RelativeStepSize = authorsScriptStep ? 0.25 : 1.0 / 32, RandomStart = false,
            Iterate = PgdIterate.Last, EotSamples = eotSamples,
        };
        return new RobustnessOptions
        {
            Sweeps =
            [
                new AttackSweep(pgd, EpsilonGrid.For(ThreatNorm.Linf, dimension, indices)),
                new AttackSweep(pgd with { Norm = ThreatNorm.L2 }, EpsilonGrid.For(ThreatNorm.L2, dimension, indices)),
                new AttackSweep(pgd with { Norm = ThreatNorm.L1, L1Step = L1Step.DenseReproduction }, EpsilonGrid.For(ThreatNorm.L1, dimension, indices)),
                new AttackSweep(pgd with { Norm = ThreatNorm.L1, L1Step = L1Step.Sparse, RelativeStepSize = 0.2 }, EpsilonGrid.For(ThreatNorm.L1, dimension, indices)),
            ],
            StandardEpsilon = 1.0 / 255,
        };
    }

    /// <summary>
    /// AutoAttack's randomised version, done right for stochastic models: APGD-CE and APGD-DLR (100 iterations, one
    /// restart) with EOT over 20 draws, per-image worst case, and scoring by expected accuracy over fresh draws.
    /// </summary>
    /// <param name="norm">Linf or L2.</param>
    /// <param name="epsilons">The eps values.</param>
    /// <param name="iterations">APGD iterations (AutoAttack: 100).</param>
    /// <param name="eotSamples">EOT draws (AutoAttack rand: 20).</param>
    public static RobustnessOptions AutoAttackRand(ThreatNorm norm, IReadOnlyList<double> epsilons, int iterations = 100, int eotSamples = 20)
    {
        var ce = new AttackSpec { Kind = AttackKind.Apgd, Norm = norm, Steps = iterations, Loss = AttackLoss.CrossEntropy, EotSamples = eotSamples };
        return new RobustnessOptions
        {
            Sweeps = [new AttackSweep(ce, epsilons), new AttackSweep(ce with { Loss = AttackLoss.Dlr }, epsilons)],
            StandardEpsilon = epsilons.Count > 0 ? epsilons[epsilons.Count / 2] : 8.0 / 255,
        };
    }

    /// <summary>
    /// A CI-sized suite: PGD-Linf (10 steps, EOT 2), APGD-CE and APGD-DLR (20 iterations, EOT 2), PGD-L2 and SLIDE-L1
    /// (10 steps), at the given Linf eps and the matching L2/L1 eps of a uniform perturbation; Square with 200 queries;
    /// 16 scoring draws.
    /// </summary>
    /// <param name="dimension">C·H·W of the images.</param>
    /// <param name="epsilons">Linf eps values.</param>
    public static RobustnessOptions Quick(int dimension, IReadOnlyList<double> epsilons)
    {
        var pgd = new AttackSpec { Kind = AttackKind.Pgd, Steps = 10, RelativeStepSize = 0.25, EotSamples = 2 };
        var apgd = new AttackSpec { Kind = AttackKind.Apgd, Steps = 20, EotSamples = 2 };
        return new RobustnessOptions
        {
            Sweeps =
            [
                new AttackSweep(pgd, epsilons),
                new AttackSweep(apgd, epsilons),
                new AttackSweep(apgd with { Loss = AttackLoss.Dlr }, epsilons),
                new AttackSweep(pgd with { Norm = ThreatNorm.L2 }, epsilons.Select(e => e * Math.Sqrt(dimension)).ToArray()),
                new AttackSweep(pgd with { Norm = ThreatNorm.L1, RelativeStepSize = 0.2 }, epsilons.Select(e => e * dimension).ToArray()),
            ],
            StandardEpsilon = epsilons.Count > 0 ? epsilons[epsilons.Count / 2] : 8.0 / 255,
            SquareQueries = 200,
        };
    }
}
