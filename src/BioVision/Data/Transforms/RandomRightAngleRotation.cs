using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>
/// Rotation-invariance augmentation of Berrios &amp; Deza (2022): rotate by 90 degrees with probability
/// <see cref="Probability90"/>, then by 180 degrees with probability <see cref="Probability180"/>, independently per
/// image (torchvision's <c>RandomApply(RandomRotation((90, 90)), p)</c> followed by the same for 180 degrees). With the
/// default 1/2 and 1/2 each image ends up at 0, 90, 180 or 270 degrees with probability 1/4. Right-angle rotations of a
/// square image move pixels exactly (no interpolation, no corners lost).
/// </summary>
/// <param name="Probability90">Probability of the 90 degree rotation. Default 0.5.</param>
/// <param name="Probability180">Probability of the 180 degree rotation. Default 0.5.</param>
public sealed record RandomRightAngleRotation(double Probability90 = 0.5, double Probability180 = 0.5) : IImageTransform
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">The images are not square, or a probability lies outside [0, 1].</exception>
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(Probability90 is >= 0 and <= 1) || !(Probability180 is >= 0 and <= 1))
        {
            throw new ArgumentException($"Rotation probabilities must lie in [0, 1] (got {Probability90} and {Probability180}).");
        }

        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(RandomRightAngleRotation));
        if (batch.shape[2] != batch.shape[3])
        {
            throw new ArgumentException($"{nameof(RandomRightAngleRotation)} needs square images, got {batch.shape[2]}x{batch.shape[3]}.");
        }

        var quarterTurns = new long[batch.shape[0]];
        for (int i = 0; i < quarterTurns.Length; i++)
        {
            quarterTurns[i] = (random.NextDouble() < Probability90 ? 1 : 0) + (random.NextDouble() < Probability180 ? 2 : 0);
        }

        var k = torch.tensor(quarterTurns, device: batch.device).view(-1, 1, 1, 1);
        var result = batch;
        for (int turns = 1; turns < 4; turns++)
        {
            result = torch.where(k == turns, batch.rot90(turns, (2, 3)), result);
        }

        return BatchShape.Restore(result, images).MoveToOuterDisposeScope();
    }
}
