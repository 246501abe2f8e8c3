using System.Globalization;
using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// Projected gradient descent (Madry et al. 2018) in an Linf, L2 or L1 ball around the clean image, inside the
/// [<see cref="Minimum"/>, <see cref="Maximum"/>] box: optional random start, <see cref="Steps"/> ascent steps of size
/// <c>α = RelativeStepSize·ε</c> on the EOT-averaged loss (sign for Linf, <c>g/‖g‖₂</c> for L2, SLIDE or the dense ART
/// step for L1), each followed by the projection onto the ball and the box; <see cref="Restarts"/> runs keep, per image,
/// the strongest result. Defaults are torchattacks' <c>PGD</c> (8/255, α = 2/255, 10 steps, random start, last iterate).
/// This is the library's one PGD: adversarial training (<see cref="Training.PgdStep"/>) runs it too.
/// </summary>
public sealed record Pgd : IAttack
{
    /// <inheritdoc />
    public ThreatNorm Norm { get; init; } = ThreatNorm.Linf;

    /// <inheritdoc />
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <summary>Ascent steps. Default 10.</summary>
    public int Steps { get; init; } = 10;

    /// <summary>Step size as a multiple of eps. Default 0.25 (torchattacks' α = 2/255 at ε = 8/255); null: 2.5/Steps (Madry et al.).</summary>
    public double? RelativeStepSize { get; init; } = 0.25;

    /// <summary>Whether to start at a random point of the ball (uniform). Default true.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>Independent runs; each image keeps its strongest. Default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Which iterate to return. Default <see cref="PgdIterate.Last"/>.</summary>
    public PgdIterate Iterate { get; init; } = PgdIterate.Last;

    /// <summary>The L1 step (only for <see cref="ThreatNorm.L1"/>). Default <see cref="L1Step.Sparse"/>.</summary>
    public L1Step L1Step { get; init; } = L1Step.Sparse;

    /// <summary>SLIDE's quantile of |g| above which coordinates move. Default 0.99 (foolbox).</summary>
    public double SparseQuantile { get; init; } = 0.99;

    /// <summary>The objective. Default cross-entropy.</summary>
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    /// <summary>Smallest valid pixel value. Default 0.</summary>
    public double Minimum { get; init; }

    /// <summary>Largest valid pixel value. Default 1.</summary>
    public double Maximum { get; init; } = 1;

    /// <summary>The step size α in pixel units.</summary>
    public double StepSize => (RelativeStepSize ?? (2.5 / Steps)) * Epsilon;

    /// <inheritdoc />
    public string Name => Norm switch
    {
        ThreatNorm.L1 => L1Step == L1Step.Sparse ? "PGD-L1 (SLIDE)" : "PGD-L1 (dense, reproduction)",
        _ => "PGD-" + Norm,
    };

    /// <summary>A description with every setting, for reports.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Name} eps={Epsilon:G4} steps={Steps} step={StepSize:G4}{(RandomStart ? " random start" : "")} restarts={Restarts} {Iterate} iterate {Loss}");

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting out of range.</exception>
    public Pgd Validate()
    {
        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentException($"eps must be a finite non-negative number (got {Epsilon}).");
        }

        if (Steps < 1 || Restarts < 1)
        {
            throw new ArgumentException($"PGD needs at least one step and one restart (got {Steps} steps, {Restarts} restarts).");
        }

        if (RelativeStepSize is double r && !(r > 0))
        {
            throw new ArgumentException($"The relative step size must be positive (got {r}).");
        }

        if (!(SparseQuantile >= 0 && SparseQuantile < 1))
        {
            throw new ArgumentException($"The SLIDE quantile must be in [0, 1) (got {SparseQuantile}).");
        }

        if (!(Maximum > Minimum))
        {
            throw new ArgumentException($"The pixel box [{Minimum}, {Maximum}] is empty.");
        }

        return this;
    }

    /// <inheritdoc />
    public Tensor Perturb(AttackModel model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        Validate();
        InputChecks.ThrowIfNaN(images, nameof(images), "Attack images"); // once: the steps run trusted (AttackModel.Evaluate)
        using var scope = NewDisposeScope();
        var clean = images.detach();
        if (Epsilon == 0)
        {
            return clean.clone().MoveToOuterDisposeScope();
        }

        bool track = Iterate == PgdIterate.Best || Restarts > 1;
        using var tracker = new BestTracker();
        Tensor? last = null;
        for (int restart = 0; restart < Restarts; restart++)
        {
            var x = (RandomStart ? Box(clean, Perturbations.RandomStart(clean, Norm, Epsilon)) : clean.clone()).DetachFromDisposeScope();
            for (int step = 0; step < Steps; step++)
            {
                using var stepScope = NewDisposeScope();
                var eval = model.Evaluate(x, labels, Loss);
                if (Iterate == PgdIterate.Best)
                {
                    tracker.Offer(x, eval);
                }

                var next = Box(clean, Project(x + (Direction(eval.Gradient!, x) * StepSize) - clean)).DetachFromDisposeScope();
                x.Dispose();
                x = next;
            }

            if (track)
            {
                using (NewDisposeScope())
                {
                    tracker.Offer(x, model.Evaluate(x, labels, Loss, gradient: false));
                }

                x.Dispose();
            }
            else
            {
                last = x;
            }
        }

        var result = track ? tracker.Result() : last!.clone();
        last?.Dispose();
        return result.detach().MoveToOuterDisposeScope();
    }

    private Tensor Box(Tensor clean, Tensor delta) => (clean + delta).clamp(Minimum, Maximum);

    private Tensor Project(Tensor delta) => Norm == ThreatNorm.L1 && L1Step == L1Step.DenseReproduction
        ? Perturbations.RadialRescale(delta, ThreatNorm.L1, Epsilon)
        : Perturbations.Project(delta, Norm, Epsilon);

    private Tensor Direction(Tensor gradient, Tensor x)
    {
        var flat = gradient.flatten(1);
        switch (Norm)
        {
            case ThreatNorm.Linf:
                return gradient.sign();
            case ThreatNorm.L2:
                return (flat / (flat.square().sum(1, keepdim: true).sqrt() + 1e-12)).view_as(gradient);
            case ThreatNorm.L1 when L1Step == L1Step.DenseReproduction:
                return (flat / (flat.abs().sum(1, keepdim: true) + 1e-12)).view_as(gradient);
            case ThreatNorm.L1:
            {
                // SLIDE: coordinates at a box bound whose gradient points outward cannot move, so they are dropped first.
                var xf = x.flatten(1);
                var blocked = xf.le(Minimum + 1e-7).logical_and(flat.lt(0)).logical_or(xf.ge(Maximum - 1e-7).logical_and(flat.gt(0)));
                var g = flat.masked_fill(blocked, 0);
                var magnitude = g.abs();
                long d = magnitude.shape[1];
                long k = Math.Clamp((long)Math.Ceiling(SparseQuantile * d), 1, d);
                var threshold = magnitude.kthvalue(k, 1, keepdim: true).values;
                var e = g.sign() * magnitude.ge(threshold).logical_and(magnitude.gt(0)).to_type(g.dtype);
                return (e / (e.abs().sum(1, keepdim: true) + 1e-12)).view_as(gradient);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(Norm), Norm, "Unknown norm.");
        }
    }
}
