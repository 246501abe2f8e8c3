using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// Keeps, per image, the strongest adversarial candidate seen so far: the one misclassified by the largest fraction of
/// EOT draws, ties broken by the higher draw-averaged loss. Owns its tensors (outside every dispose scope) so it can
/// live across the scopes of an attack loop; <see cref="Result"/> returns a copy in the caller's scope.
/// </summary>
internal sealed class BestTracker : IDisposable
{
    private Tensor? _best;
    private Tensor? _wrong;
    private Tensor? _loss;

    /// <summary>The draw-averaged fraction of misclassifying draws of the kept candidates (owned; do not dispose).</summary>
    public Tensor? Wrong => _wrong;

    /// <summary>Offers a candidate batch.</summary>
    public void Offer(Tensor x, EotEvaluation eval)
    {
        using var scope = NewDisposeScope();
        Tensor best, wrong, loss;
        if (_best is null)
        {
            best = x.detach().clone();
            wrong = eval.Wrong.clone();
            loss = eval.Loss.clone();
        }
        else
        {
            var better = eval.Wrong.gt(_wrong!).logical_or(eval.Wrong.eq(_wrong!).logical_and(eval.Loss.gt(_loss!)));
            best = Perturbations.Select(better, x.detach(), _best);
            wrong = where(better, eval.Wrong, _wrong!);
            loss = where(better, eval.Loss, _loss!);
        }

        Replace(ref _best, best);
        Replace(ref _wrong, wrong);
        Replace(ref _loss, loss);
    }

    /// <summary>A copy of the kept candidates in the current dispose scope.</summary>
    public Tensor Result() => (_best ?? throw new InvalidOperationException("No candidate was offered.")).clone();

    /// <inheritdoc />
    public void Dispose()
    {
        _best?.Dispose();
        _wrong?.Dispose();
        _loss?.Dispose();
        _best = _wrong = _loss = null;
    }

    private static void Replace(ref Tensor? field, Tensor value)
    {
        var old = field;
        field = value.DetachFromDisposeScope();
        old?.Dispose();
    }
}
