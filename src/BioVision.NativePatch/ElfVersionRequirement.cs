namespace BioVision.NativePatch;

/// <summary>
/// One symbol-version requirement of an ELF object (an <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>):
/// the object needs <see cref="Version"/> from <see cref="Library"/>.
/// </summary>
/// <param name="Library">The needed library's file name, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The <c>vna_flags</c> field; bit <see cref="ElfImage.VerFlagWeak"/> marks a weak requirement.</param>
/// <param name="Index">The <c>vna_other</c> field: the version index that <c>.gnu.version</c> entries refer to.</param>
/// <param name="FlagsOffset">File offset of the 16-bit <c>vna_flags</c> field.</param>
public sealed record ElfVersionRequirement(string Library, string Version, ushort Flags, ushort Index, long FlagsOffset)
{
    /// <summary>True when the dynamic loader treats a missing version as a warning instead of an error.</summary>
    public bool IsWeak => (Flags & ElfImage.VerFlagWeak) != 0;
}
