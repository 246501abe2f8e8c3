using BioVision.Robustness.Corruptions;
using BioVision.Stochastic;
using BioVision.V1;

namespace BioVision.Robustness.Evaluation;

/// <summary>
/// What a robustness evaluation runs and how it scores. Defaults follow §3.2–3.3 of the robustness notes: 16 scoring
/// draws, attack-time and scoring-time noise as the model has it, the sanity checks on. Presets:
/// <see cref="RobustnessPresets"/>.
/// </summary>
public sealed record RobustnessOptions
{
    /// <summary>The attack sweeps. Default: none (see the presets).</summary>
    public IReadOnlyList<AttackSweep> Sweeps { get; init; } = [];

    /// <summary>Fresh noise draws per image when scoring a stochastic model (at least 16 recommended). Default 16.</summary>
    public int ScoringDraws { get; init; } = 16;

    /// <summary>Noise control while attacking (null: the model's own setting). Default null.</summary>
    public NoiseControl? AttackNoise { get; init; }

    /// <summary>Noise control while scoring (null: the model's own setting). Default null.</summary>
    public NoiseControl? ScoringNoise { get; init; }

    /// <summary>Images per attack batch. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Most images in one forward pass (EOT and scoring draws are batched up to this). Default 4096.</summary>
    public int MaxForwardBatch { get; init; } = 4096;

    /// <summary>Seed of every random choice (attack starts, EOT noise, scoring noise, corruptions), mixed with each cell's name. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>The Linf eps at which the convergence, Square and control checks run. Default 8/255.</summary>
    public double StandardEpsilon { get; init; } = 8.0 / 255;

    /// <summary>The Linf eps at which robust accuracy must fall to about zero. Default 0.5 (any image can be turned mid-grey).</summary>
    public double LargeEpsilon { get; init; } = 0.5;

    /// <summary>Accuracy at or below which "about zero" holds (large-eps and control checks). Default 0.05.</summary>
    public double NearZeroAccuracy { get; init; } = 0.05;

    /// <summary>How much a doubled budget may lower robust accuracy below the lower CI bound of the base run. Default 0.02.</summary>
    public double ConvergenceTolerance { get; init; } = 0.02;

    /// <summary>Whether to run the sanity checks (extra attack runs). Default true.</summary>
    public bool Checks { get; init; } = true;

    /// <summary>Square queries for the gradient-free check. Default 1000.</summary>
    public int SquareQueries { get; init; } = 1000;

    /// <summary>Common corruptions to evaluate, or null for none. Default null.</summary>
    public CorruptionOptions? Corruptions { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A setting out of range (names it).</exception>
    public RobustnessOptions Validate()
    {
        if (ScoringDraws < 1 || BatchSize < 1 || MaxForwardBatch < 1 || SquareQueries < 1)
        {
            throw new ArgumentException("ScoringDraws, BatchSize, MaxForwardBatch and SquareQueries must be at least 1.");
        }

        foreach (var sweep in Sweeps)
        {
            foreach (double eps in sweep.Epsilons)
            {
                if (!(eps >= 0) || double.IsInfinity(eps))
                {
                    throw new ArgumentException($"eps must be a finite non-negative number; {sweep.Attack.Label} has {eps}.");
                }
            }

            if (sweep.Attack.EotSamples < 1)
            {
                throw new ArgumentException($"{sweep.Attack.Label}: EOT samples must be at least 1.");
            }
        }

        if (!(StandardEpsilon > 0) || !(LargeEpsilon > 0))
        {
            throw new ArgumentException("StandardEpsilon and LargeEpsilon must be positive.");
        }

        return this;
    }
}
