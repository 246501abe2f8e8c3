namespace BioVision.NativePatch;

/// <summary>What <see cref="ElfVersionPatcher"/> found or did.</summary>
public enum VersionPatchOutcome
{
    /// <summary>Every version the object needs is available (or already weak): nothing to do.</summary>
    NotNeeded,

    /// <summary>The missing requirements were already marked weak by an earlier patch.</summary>
    AlreadyPatched,

    /// <summary>The missing requirements were marked weak in the written file.</summary>
    Patched,

    /// <summary>A missing version is used by a relocated symbol: weakening it would only move the failure.</summary>
    Impossible,
}
