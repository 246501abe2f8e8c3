using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// Norms, projections and random starts of per-image perturbations (every function works on a batch [N, ...] and treats
/// each image separately). Hand-written because no .NET library offers batched Lp-ball projections on tensors.
/// </summary>
public static class Perturbations
{
    /// <summary>The Lp norm of each image's perturbation, shape [N].</summary>
    /// <param name="delta">Perturbations [N, ...].</param>
    /// <param name="norm">Which norm.</param>
    public static Tensor Norm(Tensor delta, ThreatNorm norm)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var flat = delta.flatten(1);
        return norm switch
        {
            ThreatNorm.Linf => flat.abs().amax([1]),
            ThreatNorm.L2 => flat.square().sum(1).sqrt(),
            ThreatNorm.L1 => flat.abs().sum(1),
            _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm."),
        };
    }

    /// <summary>
    /// Euclidean projection onto the eps-ball: clamping for Linf, radial rescaling for L2 (exact), and the sort-based
    /// exact L1-ball projection of Duchi et al. (2008) for L1.
    /// </summary>
    /// <param name="delta">Perturbations [N, ...].</param>
    /// <param name="norm">Which ball.</param>
    /// <param name="epsilon">Its radius.</param>
    public static Tensor Project(Tensor delta, ThreatNorm norm, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(delta);
        switch (norm)
        {
            case ThreatNorm.Linf:
                return delta.clamp(-epsilon, epsilon);
            case ThreatNorm.L2:
                return RadialRescale(delta, norm, epsilon);
            case ThreatNorm.L1:
                return ProjectL1(delta, epsilon);
            default:
                throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm.");
        }
    }

    /// <summary>
    /// Scales each perturbation whose norm exceeds eps back onto the sphere (<c>δ·min(1, ε/‖δ‖)</c>). Exact for L2; for
    /// L1 it is ART's "projection" (not the Euclidean one), kept for the reproduction variant.
    /// </summary>
    /// <param name="delta">Perturbations [N, ...].</param>
    /// <param name="norm">Which norm measures the length.</param>
    /// <param name="epsilon">Radius.</param>
    public static Tensor RadialRescale(Tensor delta, ThreatNorm norm, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var length = Norm(delta, norm);
        var factor = (epsilon / (length + 1e-12)).clamp_max(1.0);
        return delta * factor.view(Shape(delta));
    }

    /// <summary>Exact Euclidean projection of each row onto the L1 ball of radius eps (Duchi et al. 2008).</summary>
    /// <param name="delta">Perturbations [N, ...].</param>
    /// <param name="epsilon">Radius.</param>
    public static Tensor ProjectL1(Tensor delta, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(delta);
        using var scope = NewDisposeScope();
        var flat = delta.flatten(1);
        long d = flat.shape[1];
        var magnitude = flat.abs();
        var inside = magnitude.sum(1).le(epsilon);
        var sorted = magnitude.sort(1, descending: true).Values;
        var cumulative = sorted.cumsum(1);
        var index = arange(1, d + 1, dtype: flat.dtype, device: flat.device).unsqueeze(0);
        var positive = (sorted - ((cumulative - epsilon) / index)).gt(0);
        var rho = positive.sum(1, type: ScalarType.Int64).clamp_min(1);
        var theta = (cumulative.gather(1, (rho - 1).unsqueeze(1)) - epsilon) / rho.unsqueeze(1).to_type(flat.dtype);
        var projected = flat.sign() * (magnitude - theta).clamp_min(0);
        var result = where(inside.unsqueeze(1), flat, projected).view_as(delta);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A random start inside the ball: uniform per pixel for Linf; uniform in the ball for L2 (Gaussian direction, radius
    /// <c>ε·U^(1/d)</c>) and for L1 (exponential spacings with random signs); drawn from torch's global generator.
    /// </summary>
    /// <param name="like">A tensor with the perturbation's shape, dtype and device.</param>
    /// <param name="norm">Which ball.</param>
    /// <param name="epsilon">Its radius.</param>
    public static Tensor RandomStart(Tensor like, ThreatNorm norm, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(like);
        using var scope = NewDisposeScope();
        Tensor result;
        long n = like.shape[0];
        long d = like.numel() / Math.Max(1, n);
        switch (norm)
        {
            case ThreatNorm.Linf:
                result = (rand_like(like) * 2 - 1) * epsilon;
                break;
            case ThreatNorm.L2:
            {
                var direction = randn_like(like).flatten(1);
                direction = direction / (direction.square().sum(1, keepdim: true).sqrt() + 1e-12);
                var radius = rand(new long[] { n, 1 }, dtype: like.dtype, device: like.device).pow(1.0 / d) * epsilon;
                result = (direction * radius).view_as(like);
                break;
            }

            case ThreatNorm.L1:
            {
                var spacings = rand(new long[] { n, d + 1 }, dtype: like.dtype, device: like.device).clamp_min(1e-12).log().neg();
                var fraction = spacings.narrow(1, 0, d) / spacings.sum(1, keepdim: true);
                var signs = rand(new long[] { n, d }, dtype: like.dtype, device: like.device).lt(0.5).to_type(like.dtype) * 2 - 1;
                result = (fraction * signs * epsilon).view_as(like);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown norm.");
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>A point on the sphere of radius eps (L2) or the surface of the box (Linf): APGD's start.</summary>
    /// <param name="like">A tensor with the perturbation's shape.</param>
    /// <param name="norm">Linf or L2.</param>
    /// <param name="epsilon">Radius.</param>
    public static Tensor SurfaceStart(Tensor like, ThreatNorm norm, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(like);
        using var scope = NewDisposeScope();
        Tensor t = norm == ThreatNorm.Linf ? rand_like(like) * 2 - 1 : randn_like(like);
        var length = Norm(t, norm);
        return (t * (epsilon / (length + 1e-12)).view(Shape(like))).MoveToOuterDisposeScope();
    }

    /// <summary>The broadcast shape [N, 1, 1, ...] of a per-image scalar for <paramref name="like"/>.</summary>
    /// <param name="like">A batch tensor.</param>
    public static long[] Shape(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return shape;
    }

    /// <summary>Replaces rows of <paramref name="current"/> where <paramref name="mask"/> [N] is true.</summary>
    /// <param name="mask">Rows to replace.</param>
    /// <param name="replacement">New values (same shape as <paramref name="current"/>).</param>
    /// <param name="current">Old values.</param>
    public static Tensor Select(Tensor mask, Tensor replacement, Tensor current)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(current);
        return where(mask.view(Shape(current)), replacement, current);
    }
}
