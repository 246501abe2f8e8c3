using System.Globalization;
using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// Auto-PGD (Croce and Hein 2020, <c>autopgd_base.py</c>) for Linf and L2: start on the surface of the ball, initial
/// step 2ε, momentum <c>x ← P(x + a(z − x) + (1 − a)(x − x_prev))</c> with a = 0.75 (1 at the first step), and at the
/// checkpoints (22, 41, 57, 70, 80, 87, 93, 99 for 100 iterations) the step is halved and the iterate reset to the best
/// point when the loss rose in at most ρ = 75 % of the steps since the last checkpoint, or when the step was not reduced
/// there and the best loss has not improved. Losses: CE, DLR, or (with <see cref="TargetClasses"/> &gt; 0) APGD-T with
/// targeted DLR over the top-ranked wrong classes. With EOT the loss, gradient and success check are draw averages
/// (AutoAttack's rand version uses the last single noisy pass for the loss and the success check). For L1 use
/// <see cref="Pgd"/> with <see cref="L1Step.Sparse"/> (APGD-L1 is not implemented).
/// </summary>
public sealed record Apgd : IAttack
{
    /// <inheritdoc />
    public ThreatNorm Norm { get; init; } = ThreatNorm.Linf;

    /// <inheritdoc />
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <summary>Iterations per run. Default 100 (AutoAttack; torchattacks silently uses 10).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Random restarts (untargeted) or restarts per target. Default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>The loss: <see cref="AttackLoss.CrossEntropy"/> (default) or <see cref="AttackLoss.Dlr"/>; ignored for APGD-T.</summary>
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    /// <summary>Number of target classes for APGD-T (0, the default: untargeted). AutoAttack uses 9.</summary>
    public int TargetClasses { get; init; }

    /// <summary>Oscillation threshold ρ. Default 0.75.</summary>
    public double Rho { get; init; } = 0.75;

    /// <summary>Momentum weight a. Default 0.75.</summary>
    public double Momentum { get; init; } = 0.75;

    /// <inheritdoc />
    public string Name => TargetClasses > 0 ? "APGD-T" : Loss == AttackLoss.Dlr ? "APGD-DLR" : "APGD-CE";

    /// <summary>A description with every setting, for reports.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Name}-{Norm} eps={Epsilon:G4} iterations={Iterations} restarts={Restarts}{(TargetClasses > 0 ? $" targets={TargetClasses}" : "")}");

    /// <summary>The iterations (0-based) after which the step-size rule is checked.</summary>
    /// <param name="iterations">Total iterations.</param>
    public static IReadOnlyList<int> Checkpoints(int iterations)
    {
        var points = new List<int>();
        int interval = Math.Max((int)(0.22 * iterations), 1);
        int decrease = Math.Max((int)(0.03 * iterations), 1);
        int minimum = Math.Max((int)(0.06 * iterations), 1);
        int at = 0;
        while (true)
        {
            at += interval;
            if (at > iterations)
            {
                break;
            }

            points.Add(at - 1);
            interval = Math.Max(interval - decrease, minimum);
        }

        return points;
    }

    /// <inheritdoc />
    public Tensor Perturb(AttackModel model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        InputChecks.ThrowIfNaN(images, nameof(images), "Attack images"); // once: the steps run trusted (AttackModel.Evaluate)
        if (Norm == ThreatNorm.L1)
        {
            throw new ArgumentException("APGD supports Linf and L2 here; use PGD with the sparse L1 step (SLIDE) for L1.");
        }

        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon) || Iterations < 1 || Restarts < 1 || TargetClasses < 0)
        {
            throw new ArgumentException($"Invalid APGD settings: eps {Epsilon}, {Iterations} iterations, {Restarts} restarts, {TargetClasses} targets.");
        }

        using var scope = NewDisposeScope();
        var clean = images.detach();
        if (Epsilon == 0)
        {
            return clean.clone().MoveToOuterDisposeScope();
        }

        using var tracker = new BestTracker();
        if (TargetClasses == 0)
        {
            for (int r = 0; r < Restarts; r++)
            {
                Run(model, clean, labels, Loss, null, tracker);
            }
        }
        else
        {
            Tensor order;
            using (no_grad())
            {
                order = model.Evaluate(clean, labels, AttackLoss.CrossEntropy, gradient: false).MeanLogits.argsort(1, descending: true);
            }

            int available = (int)order.shape[1] - 1;
            if (available < 3)
            {
                throw new ArgumentException($"APGD-T needs at least 4 classes (the model has {available + 1}).");
            }

            for (int t = 0; t < Math.Min(TargetClasses, available); t++)
            {
                // Targets: the (t+2)-th highest expected clean logit, skipping the label where it ranks.
                var rank = order.eq(labels.unsqueeze(1)).to_type(ScalarType.Int64).argmax(1);
                var column = full_like(rank, t + 1);
                column = where(rank.le(t), column, full_like(rank, t));
                var targets = order.gather(1, column.unsqueeze(1)).squeeze(1);
                for (int r = 0; r < Restarts; r++)
                {
                    Run(model, clean, labels, AttackLoss.TargetedDlr, targets, tracker);
                }
            }
        }

        return tracker.Result().MoveToOuterDisposeScope();
    }

    private void Run(AttackModel model, Tensor clean, Tensor labels, AttackLoss loss, Tensor? targets, BestTracker tracker)
    {
        using var scope = NewDisposeScope();
        long n = clean.shape[0];
        var checkpoints = new HashSet<int>(Checkpoints(Iterations));
        var x = Box(clean, Perturbations.SurfaceStart(clean, Norm, Epsilon));
        var eval = model.Evaluate(x, labels, loss, targets);
        tracker.Offer(x, eval);
        var grad = eval.Gradient!;
        var lossCurrent = eval.Loss;
        var xBest = x.clone();
        var gradBest = grad.clone();
        var lossBest = lossCurrent.clone();
        var stepSize = full(new long[] { n }, 2 * Epsilon, dtype: clean.dtype, device: clean.device);
        var xPrevious = x.clone();
        var increases = zeros(new long[] { n }, dtype: clean.dtype, device: clean.device);
        var lossBestLastCheck = lossBest.clone();
        var reducedLastCheck = ones(new long[] { n }, dtype: ScalarType.Bool, device: clean.device);
        int sinceCheck = 0;
        var shape = Perturbations.Shape(clean);
        for (int i = 0; i < Iterations; i++)
        {
            var momentum = x - xPrevious;
            xPrevious = x;
            double a = i == 0 ? 1.0 : Momentum;
            var direction = Norm == ThreatNorm.Linf ? grad.sign() : grad / (Perturbations.Norm(grad, ThreatNorm.L2).view(shape) + 1e-12);
            var z = Box(clean, Project(x + (stepSize.view(shape) * direction) - clean));
            var xNew = Box(clean, Project(x + ((z - x) * a) + (momentum * (1 - a)) - clean));
            var e = model.Evaluate(xNew, labels, loss, targets);
            tracker.Offer(xNew, e);
            increases = increases + e.Loss.gt(lossCurrent).to_type(clean.dtype);
            lossCurrent = e.Loss;
            grad = e.Gradient!;
            x = xNew;
            var improved = e.Loss.gt(lossBest);
            xBest = Perturbations.Select(improved, x, xBest);
            gradBest = Perturbations.Select(improved, grad, gradBest);
            lossBest = where(improved, e.Loss, lossBest);
            sinceCheck++;
            if (checkpoints.Contains(i))
            {
                var oscillating = increases.le(sinceCheck * Rho);
                var stalled = reducedLastCheck.logical_not().logical_and(lossBestLastCheck.ge(lossBest));
                var reduce = oscillating.logical_or(stalled);
                reducedLastCheck = reduce;
                lossBestLastCheck = lossBest.clone();
                stepSize = where(reduce, stepSize / 2, stepSize);
                x = Perturbations.Select(reduce, xBest, x);
                grad = Perturbations.Select(reduce, gradBest, grad);
                increases = zeros_like(increases);
                sinceCheck = 0;
            }

            // Everything but the loop state is garbage now: free it so memory stays flat over the iterations.
            scope.DisposeEverythingBut(x, xPrevious, grad, lossCurrent, xBest, gradBest, lossBest, stepSize, increases, lossBestLastCheck, reducedLastCheck);
        }
    }

    private Tensor Box(Tensor clean, Tensor delta) => (clean + delta).clamp(0, 1);

    private Tensor Project(Tensor delta) => Perturbations.Project(delta, Norm, Epsilon);
}
