namespace BioVision.NativePatch;

/// <summary>A dynamic symbol of an ELF object with its version index and whether any relocation uses it.</summary>
/// <param name="Name">The symbol name.</param>
/// <param name="VersionIndex">The version index from <c>.gnu.version</c> (hidden bit cleared).</param>
/// <param name="IsDefined">True when the object defines the symbol (section index is not <c>SHN_UNDEF</c>).</param>
/// <param name="HasRelocation">True when a relocation entry of the object refers to the symbol.</param>
public sealed record ElfDynamicSymbol(string Name, ushort VersionIndex, bool IsDefined, bool HasRelocation);
