using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Mirrors each image left-right with probability <see cref="Probability"/>, independently per image.</summary>
/// <param name="Probability">Probability of flipping an image. Default 0.5.</param>
public sealed record RandomHorizontalFlip(double Probability = 0.5) : IImageTransform
{
    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(RandomHorizontalFlip));
        var flags = new bool[batch.shape[0]];
        for (int i = 0; i < flags.Length; i++)
        {
            flags[i] = random.NextDouble() < Probability;
        }

        var mask = torch.tensor(flags).to(batch.device).view(-1, 1, 1, 1);
        var result = torch.where(mask, batch.flip(3), batch);
        return BatchShape.Restore(result, images).MoveToOuterDisposeScope();
    }
}
