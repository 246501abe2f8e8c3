using TorchSharp;

namespace BioVision.Data.Transforms;

/// <summary>Applies transforms in order.</summary>
/// <param name="Transforms">The transforms, first applied first.</param>
public sealed record Compose(IReadOnlyList<IImageTransform> Transforms) : IImageTransform
{
    // Records print a list member as its type name; list every transform instead, so that the training recipe (and a
    // user reading the transform) sees each step and its settings.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Transforms = [").AppendJoin(", ", Transforms).Append(']');
        return true;
    }

    /// <inheritdoc />
    public torch.Tensor Apply(torch.Tensor images, SplitMix64 random)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        var current = images;
        foreach (var transform in Transforms)
        {
            current = transform.Apply(current, random);
        }

        return (ReferenceEquals(current, images) ? images.alias() : current).MoveToOuterDisposeScope();
    }
}
