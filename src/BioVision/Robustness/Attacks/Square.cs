using System.Globalization;
using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// The Square attack (Andriushchenko et al. 2020), a score-based, gradient-free random search on the margin loss: the
/// gradient-free sanity check (it must not beat the white-box attacks). Linf follows <c>square.py</c>: vertical-stripe
/// start at ±ε, then at iteration i a square window of side <c>round(√(p·d/c))</c> (one position for the batch, p from
/// the p_init = 0.8 schedule without rescaling, as AutoAttack) is set to ±2ε per image and channel and projected back.
/// L2 uses a simplified proposal (a window of fresh signs carrying twice its share of the energy, then the whole
/// perturbation rescaled onto the sphere), not the reference's pairwise mass transfer. With EOT the margin is averaged
/// over the model's draws and an update is accepted only if that draw-averaged margin improves; an image stops once
/// its averaged margin is positive.
/// <para>As in <c>square.py</c> (fra31/auto-attack, <c>idx_to_fool</c>), each iteration forwards only the images not yet
/// fooled, and queries are counted per image: 1 for the start plus 1 per iteration in which the image was still
/// robust (an EOT query costs <see cref="AttackModel.EotSamples"/> forward passes). The random draws (window position
/// and per-image signs) are made for the whole batch every iteration, so an image's search path does not depend on
/// which other images have been fooled: on a deterministic model the result equals the earlier every-image version.</para>
/// </summary>
public sealed record Square : IAttack
{
    /// <inheritdoc />
    public ThreatNorm Norm { get; init; } = ThreatNorm.Linf;

    /// <inheritdoc />
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <summary>Iterations (each queries every still-robust image once, with the model's EOT draws). Default 5000.</summary>
    public int Queries { get; init; } = 5000;

    /// <summary>Initial fraction of pixels in the window. Default 0.8.</summary>
    public double PInit { get; init; } = 0.8;

    /// <inheritdoc />
    public string Name => "Square-" + Norm;

    /// <summary>A description with every setting, for reports.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{Name} eps={Epsilon:G4} queries={Queries} p_init={PInit}");

    /// <summary>The window fraction at iteration <paramref name="iteration"/> (AutoAttack's schedule, not rescaled).</summary>
    /// <param name="pInit">Initial fraction.</param>
    /// <param name="iteration">Iteration, from 0.</param>
    public static double WindowFraction(double pInit, int iteration)
    {
        int[] bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
        int index = bounds.Count(b => iteration > b);
        return pInit / Math.Pow(2, index);
    }

    /// <inheritdoc />
    public Tensor Perturb(AttackModel model, Tensor images, Tensor labels) => PerturbCountingQueries(model, images, labels).Adversarial;

    /// <summary>Runs the attack and counts the queries spent on each image.</summary>
    /// <param name="model">The attacked model.</param>
    /// <param name="images">Clean images [N, C, H, W] in [0, 1].</param>
    /// <param name="labels">Labels [N].</param>
    /// <returns>The adversarial images and, per image, the number of queries (margin evaluations) it received: 1 for
    /// the start plus one per iteration while it was not yet fooled; 0 for every image when eps is 0.</returns>
    /// <exception cref="ArgumentException">An L1 threat model or invalid settings.</exception>
    public (Tensor Adversarial, int[] Queries) PerturbCountingQueries(AttackModel model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        InputChecks.ThrowIfNaN(images, nameof(images), "Attack images"); // once: the steps run trusted (AttackModel.Evaluate)
        if (Norm == ThreatNorm.L1)
        {
            throw new ArgumentException("Square supports Linf and L2 here.");
        }

        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon) || Queries < 1 || !(PInit > 0 && PInit <= 1))
        {
            throw new ArgumentException($"Invalid Square settings: eps {Epsilon}, {Queries} queries, p_init {PInit}.");
        }

        using var scope = NewDisposeScope();
        var clean = images.detach();
        if (Epsilon == 0)
        {
            return (clean.clone().MoveToOuterDisposeScope(), new int[clean.shape[0]]);
        }

        long n = clean.shape[0], c = clean.shape[1], h = clean.shape[2], w = clean.shape[3];
        var stripes = (rand(new long[] { n, c, 1, w }, dtype: clean.dtype, device: clean.device).lt(0.5).to_type(clean.dtype) * 2 - 1).expand(n, c, h, w);
        var delta = Norm == ThreatNorm.Linf ? stripes * Epsilon : Perturbations.RadialRescale(stripes * 1e3, ThreatNorm.L2, Epsilon);
        var best = (clean + delta).clamp(0, 1);
        var bestMargin = model.Evaluate(best, labels, AttackLoss.Margin, gradient: false).Loss;
        long d = c * h * w;
        var shape = Perturbations.Shape(clean);
        var queries = ones(new long[] { n }, ScalarType.Int64);
        for (int i = 0; i < Queries; i++)
        {
            var active = bestMargin.le(0).nonzero().view(-1);
            if (active.numel() == 0)
            {
                break;
            }

            double p = WindowFraction(PInit, i);
            int s = (int)Math.Clamp(Math.Round(Math.Sqrt(p * d / c)), 1, Math.Max(1, h - 1));
            long top = randint(0, Math.Max(1, h - s + 1), new long[] { 1 }).item<long>();
            long left = randint(0, Math.Max(1, w - s + 1), new long[] { 1 }).item<long>();
            var window = zeros(new long[] { 1, 1, h, w }, dtype: clean.dtype, device: clean.device);
            window.narrow(2, top, s).narrow(3, left, s).fill_(1);

            // Signs are drawn for the whole batch (the same stream as when every image was queried), then only the images
            // still robust are proposed to and forwarded.
            var signs = (rand(new long[] { n, c, 1, 1 }, dtype: clean.dtype, device: clean.device).lt(0.5).to_type(clean.dtype) * 2 - 1).index_select(0, active);
            var x = clean.index_select(0, active);
            var current = best.index_select(0, active);
            Tensor candidate;
            if (Norm == ThreatNorm.Linf)
            {
                candidate = minimum(maximum(current + (window * signs * (2 * Epsilon)), x - Epsilon), x + Epsilon).clamp(0, 1);
            }
            else
            {
                double share = Math.Sqrt(2.0 * s * s * c / d) * Epsilon / Math.Sqrt(s * s * c);
                var proposal = ((current - x) * (1 - window)) + (window * signs * share);
                candidate = (x + Perturbations.RadialRescale(proposal, ThreatNorm.L2, Epsilon)).clamp(0, 1);
            }

            var margin = model.Evaluate(candidate, labels.index_select(0, active), AttackLoss.Margin, gradient: false).Loss;
            var previous = bestMargin.index_select(0, active);
            var accept = margin.gt(previous);
            best.index_copy_(0, active, Perturbations.Select(accept, candidate, current));
            bestMargin.index_copy_(0, active, where(accept, margin, previous));
            queries.index_add_(0, active.cpu(), ones(new long[] { active.shape[0] }, ScalarType.Int64), 1);
            scope.DisposeEverythingBut(clean, best, bestMargin, queries);
        }

        return (best.MoveToOuterDisposeScope(), queries.to_type(ScalarType.Int32).data<int>().ToArray());
    }
}
