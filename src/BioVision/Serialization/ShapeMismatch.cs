namespace BioVision.Serialization;

/// <summary>A key present in both state dicts with different shapes.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Expected">Shape in the target module.</param>
/// <param name="Found">Shape in the loaded file.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Found)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: expected [{string.Join(", ", Expected)}], found [{string.Join(", ", Found)}]";
}
