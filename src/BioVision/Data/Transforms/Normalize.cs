using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Subtracts a per-channel mean and divides by a per-channel standard deviation.</summary>
public sealed record Normalize : IImageTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="mean">One mean per channel.</param>
    /// <param name="standardDeviation">One positive standard deviation per channel.</param>
    /// <exception cref="ArgumentException">Lengths differ or a deviation is not positive.</exception>
    public Normalize(IReadOnlyList<float> mean, IReadOnlyList<float> standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Count != standardDeviation.Count || mean.Count == 0)
        {
            throw new ArgumentException($"Normalize needs one mean and one deviation per channel, got {mean.Count} and {standardDeviation.Count}.", nameof(standardDeviation));
        }

        if (standardDeviation.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Every standard deviation must be positive.", nameof(standardDeviation));
        }

        Mean = [.. mean];
        StandardDeviation = [.. standardDeviation];
    }

    /// <summary>The per-channel means.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The per-channel standard deviations.</summary>
    public IReadOnlyList<float> StandardDeviation { get; }

    // Records print list members as type names; print the values (round-trip, invariant culture) so that recipes differ
    // when the normalisation does.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        builder.Append("Mean = [").AppendJoin(", ", Mean.Select(m => m.ToString("R", c)))
            .Append("], StandardDeviation = [").AppendJoin(", ", StandardDeviation.Select(s => s.ToString("R", c))).Append(']');
        return true;
    }

    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        using var scope = torch.NewDisposeScope();
        var batch = BatchShape.AsBatch(images, nameof(Normalize));
        if (batch.shape[1] != Mean.Count)
        {
            throw new ArgumentException($"Normalize has {Mean.Count} channels but the images have {batch.shape[1]}.", nameof(images));
        }

        var mean = torch.tensor([.. Mean], [Mean.Count]).to(batch.device).view(1, -1, 1, 1);
        var std = torch.tensor([.. StandardDeviation], [Mean.Count]).to(batch.device).view(1, -1, 1, 1);
        return BatchShape.Restore((batch - mean) / std, images).MoveToOuterDisposeScope();
    }
}
