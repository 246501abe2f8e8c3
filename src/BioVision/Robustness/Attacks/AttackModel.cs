using static TorchSharp.torch;

namespace BioVision.Robustness.Attacks;

/// <summary>
/// The model as an attacker sees it: images in [0, 1] in, logits out, and expectation over transformation (EOT,
/// Athalye, Carlini and Wagner 2018): every loss, success check and gradient is averaged over
/// <see cref="EotSamples"/> fresh noise draws. The draws are batched into one forward pass (the batch repeated k times)
/// as long as <see cref="MaxForwardBatch"/> allows, otherwise split into several passes. The gradient is the mean of the
/// per-draw loss gradients (AutoAttack's <c>eot_iter</c>, ART's ensemble), not the gradient of averaged logits.
/// </summary>
public sealed class AttackModel
{
    /// <summary>Wraps a model (which must be in the mode it is attacked in, normally <c>eval()</c>).</summary>
    /// <param name="model">Logits of images in [0, 1].</param>
    /// <param name="eotSamples">Noise draws per evaluation (1 for a deterministic model). Default 1.</param>
    /// <param name="maxForwardBatch">Most images in one forward pass (draws × batch). Default 4096.</param>
    public AttackModel(nn.Module<Tensor, Tensor> model, int eotSamples = 1, int maxForwardBatch = 4096)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(eotSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxForwardBatch, 1);
        Model = model;
        EotSamples = eotSamples;
        MaxForwardBatch = maxForwardBatch;
    }

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Noise draws per evaluation.</summary>
    public int EotSamples { get; }

    /// <summary>Most images in one forward pass.</summary>
    public int MaxForwardBatch { get; }

    /// <summary>Images forwarded so far (each draw of each image counts once): the query count.</summary>
    public long Forwards { get; private set; }

    /// <summary>The same model with another number of EOT draws.</summary>
    /// <param name="samples">Noise draws per evaluation.</param>
    public AttackModel WithEot(int samples) => new(Model, samples, MaxForwardBatch);

    /// <summary>One plain forward pass (one noise draw).</summary>
    /// <param name="images">Images [N, C, H, W] in [0, 1].</param>
    public Tensor Logits(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Forwards += images.shape[0];
        return Model.forward(images);
    }

    /// <summary>
    /// Evaluates a batch over <see cref="EotSamples"/> draws; with <paramref name="gradient"/> also the mean input gradient.
    /// The images are not checked for NaN here (this runs in every attack step; the attacks check their clean images once,
    /// <see cref="InputChecks"/>), so modules skip their own input checks during the passes.
    /// </summary>
    /// <param name="images">Images [N, C, H, W].</param>
    /// <param name="labels">True classes [N].</param>
    /// <param name="loss">The objective (maximised by the attacks).</param>
    /// <param name="targets">Target classes for a targeted loss, else null.</param>
    /// <param name="gradient">Whether to compute the gradient.</param>
    public EotEvaluation Evaluate(Tensor images, Tensor labels, AttackLoss loss, Tensor? targets = null, bool gradient = true)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        int k = EotSamples;
        int perPass = (int)Math.Max(1, Math.Min(k, MaxForwardBatch / Math.Max(1, n)));
        var leaf = images.detach();
        if (gradient)
        {
            leaf.requires_grad_(true);
        }

        Tensor? lossSum = null, wrongSum = null, logitSum = null, gradSum = null;
        using (InputChecks.Trust())
        using (gradient ? enable_grad() : no_grad())
        {
            for (int done = 0; done < k; done += perPass)
            {
                int d = Math.Min(perPass, k - done);
                var input = d == 1 ? leaf : leaf.repeat(d, 1, 1, 1);
                var y = d == 1 ? labels : labels.repeat(d);
                var t = targets is null ? null : d == 1 ? targets : targets.repeat(d);
                Forwards += n * d;
                var logits = Model.forward(input);
                var l = AttackLosses.Compute(loss, logits, y, t);
                if (gradient)
                {
                    var g = autograd.grad([l.sum()], [leaf])[0];
                    gradSum = gradSum is null ? g : gradSum + g;
                }

                var ld = l.detach().view(d, n).sum(0L);
                var wd = logits.detach().argmax(1).ne(y).to_type(ScalarType.Float32).view(d, n).sum(0L);
                var zd = logits.detach().view(d, n, -1).sum(0L);
                lossSum = lossSum is null ? ld : lossSum + ld;
                wrongSum = wrongSum is null ? wd : wrongSum + wd;
                logitSum = logitSum is null ? zd : logitSum + zd;
            }
        }

        var result = new EotEvaluation(
            (lossSum! / k).MoveToOuterDisposeScope(),
            (wrongSum! / k).MoveToOuterDisposeScope(),
            (logitSum! / k).MoveToOuterDisposeScope(),
            gradSum is null ? null : (gradSum / k).MoveToOuterDisposeScope());
        return result;
    }
}
