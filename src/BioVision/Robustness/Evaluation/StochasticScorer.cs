using static TorchSharp.torch;

namespace BioVision.Robustness.Evaluation;

/// <summary>Scores images with fresh noise draws: per image, how many draws classify it correctly and the plurality vote.</summary>
public static class StochasticScorer
{
    /// <summary>Counts correct draws per image; the draws are batched (the batch repeated) up to <paramref name="maxForwardBatch"/> images per pass.</summary>
    /// <param name="model">The model, in the mode and noise setting it is scored in.</param>
    /// <param name="images">Images [N, C, H, W] in [0, 1].</param>
    /// <param name="labels">Labels [N].</param>
    /// <param name="draws">Noise draws per image, at least 1.</param>
    /// <param name="maxForwardBatch">Most images per forward pass.</param>
    public static (int[] Correct, bool[] PluralityCorrect) Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int draws, int maxForwardBatch = 4096)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = images.shape[0];
        int perPass = (int)Math.Max(1, Math.Min(draws, maxForwardBatch / Math.Max(1, n)));
        Tensor? correct = null, votes = null;
        for (int done = 0; done < draws; done += perPass)
        {
            int d = Math.Min(perPass, draws - done);
            var logits = model.forward(d == 1 ? images : images.repeat(d, 1, 1, 1));
            var predictions = logits.argmax(1).view(d, n);
            var c = predictions.eq(labels.unsqueeze(0)).sum(0L);
            var v = nn.functional.one_hot(predictions, logits.shape[1]).sum(0L);
            correct = correct is null ? c : correct + c;
            votes = votes is null ? v : votes + v;
        }

        var plurality = votes!.argmax(1).eq(labels);
        return (correct!.to_type(ScalarType.Int32).cpu().data<int>().ToArray(), plurality.cpu().data<bool>().ToArray());
    }
}
