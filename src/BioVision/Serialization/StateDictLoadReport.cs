using System.Globalization;
using System.Text;

namespace BioVision.Serialization;

/// <summary>What a state-dict load did, key by key.</summary>
public sealed record StateDictLoadReport
{
    /// <summary>Number of target tensors loaded.</summary>
    public int Loaded { get; init; }

    /// <summary>Target keys the source does not have.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Source keys the target does not have (and that are not known extras).</summary>
    public IReadOnlyList<string> Unexpected { get; init; } = [];

    /// <summary>Keys present in both with different shapes.</summary>
    public IReadOnlyList<ShapeMismatch> Mismatched { get; init; } = [];

    /// <summary>Source keys dropped on purpose (known extras of a published layout).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>Layout translations applied (for example a legacy BioVision V1 block rewritten to the canonical keys).</summary>
    public IReadOnlyList<string> Translations { get; init; } = [];

    /// <summary>True when every target key was loaded and nothing unexpected or mis-shaped was found.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>A one-line-per-problem description naming every key.</summary>
    public override string ToString()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"loaded {Loaded} tensors; missing {Missing.Count}, unexpected {Unexpected.Count}, mis-shaped {Mismatched.Count}, ignored {Ignored.Count}");
        foreach (string t in Translations)
        {
            b.Append("\n  translated: ").Append(t);
        }

        foreach (string k in Missing)
        {
            b.Append("\n  missing:    ").Append(k);
        }

        foreach (string k in Unexpected)
        {
            b.Append("\n  unexpected: ").Append(k);
        }

        foreach (var m in Mismatched)
        {
            b.Append("\n  mis-shaped: ").Append(m);
        }

        foreach (string k in Ignored)
        {
            b.Append("\n  ignored:    ").Append(k);
        }

        return b.ToString();
    }
}
