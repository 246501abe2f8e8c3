namespace BioVision.NativePatch;

/// <summary>The decision for one ELF object: which missing version requirements can be weakened.</summary>
/// <param name="Outcome">The outcome the plan leads to (<see cref="VersionPatchOutcome.Patched"/> before writing).</param>
/// <param name="Missing">Requirements on the target library that the system library does not define.</param>
/// <param name="ToWeaken">Missing, not yet weak requirements whose symbols are never relocated.</param>
/// <param name="Blocking">Human-readable reasons the object cannot be patched (empty unless impossible).</param>
public sealed record VersionPatchPlan(
    VersionPatchOutcome Outcome,
    IReadOnlyList<ElfVersionRequirement> Missing,
    IReadOnlyList<ElfVersionRequirement> ToWeaken,
    IReadOnlyList<string> Blocking)
{
    /// <summary>A one-line summary for logs and <c>biovision info</c>.</summary>
    public override string ToString() => Outcome switch
    {
        VersionPatchOutcome.NotNeeded => "not needed (the system library defines every required version)",
        VersionPatchOutcome.AlreadyPatched => $"already applied ({string.Join(", ", Missing.Select(m => m.Version))} weak)",
        VersionPatchOutcome.Patched => $"weakened {string.Join(", ", ToWeaken.Select(m => m.Version))}",
        _ => $"impossible: {string.Join("; ", Blocking)}",
    };
}
