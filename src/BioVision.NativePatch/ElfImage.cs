using System.Buffers.Binary;
using System.Text;

namespace BioVision.NativePatch;

/// <summary>
/// A read-only view of a 64-bit little-endian ELF shared object: the parts of the dynamic section that decide
/// whether the dynamic loader accepts it (symbol-version requirements and definitions, dynamic symbols,
/// relocations). Every offset read is bounds-checked, so truncated or foreign files raise
/// <see cref="ElfFormatException"/> instead of crashing.
/// </summary>
public sealed class ElfImage
{
    /// <summary><c>VER_FLG_WEAK</c>: a version requirement whose absence the loader only warns about.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint ShtRela = 4;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly byte[] _data;
    private readonly List<Section> _sections;

    private ElfImage(byte[] data, string path)
    {
        _data = data;
        FilePath = path;
        _sections = ReadSections();
        VersionRequirements = ReadVersionRequirements();
        VersionDefinitions = ReadVersionDefinitions();
        DynamicSymbols = ReadDynamicSymbols();
    }

    /// <summary>The path the image was read from (or a label for in-memory images).</summary>
    public string FilePath { get; }

    /// <summary>The raw bytes of the image. Callers must not modify them.</summary>
    public ReadOnlyMemory<byte> Bytes => _data;

    /// <summary>All <c>.gnu.version_r</c> entries, in file order; empty when the object has none.</summary>
    public IReadOnlyList<ElfVersionRequirement> VersionRequirements { get; }

    /// <summary>Version names defined in <c>.gnu.version_d</c> (e.g. <c>GLIBCXX_3.4.30</c> for libstdc++).</summary>
    public IReadOnlyList<string> VersionDefinitions { get; }

    /// <summary>Dynamic symbols with version indices and relocation use.</summary>
    public IReadOnlyList<ElfDynamicSymbol> DynamicSymbols { get; }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of an ELF shared object.</param>
    /// <exception cref="ElfFormatException">The file is not a 64-bit little-endian ELF object or is truncated.</exception>
    public static ElfImage Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses an in-memory ELF image.</summary>
    /// <param name="data">The file's bytes; the image keeps this array.</param>
    /// <param name="path">A name used in error messages.</param>
    /// <exception cref="ElfFormatException">The bytes are not a 64-bit little-endian ELF object or are truncated.</exception>
    public static ElfImage Parse(byte[] data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        return new ElfImage(data, path);
    }

    private sealed record Section(string Name, uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);

    private List<Section> ReadSections()
    {
        if (_data.Length < 64)
        {
            throw Fail($"file is {_data.Length} bytes, shorter than an ELF64 header (64 bytes)");
        }

        if (_data[0] != 0x7f || _data[1] != (byte)'E' || _data[2] != (byte)'L' || _data[3] != (byte)'F')
        {
            throw Fail("missing the ELF magic number 0x7F 'E' 'L' 'F'");
        }

        if (_data[4] != 2)
        {
            throw Fail($"ELF class {_data[4]} is not ELFCLASS64 (2)");
        }

        if (_data[5] != 1)
        {
            throw Fail($"data encoding {_data[5]} is not little-endian (1)");
        }

        long shoff = checked((long)U64(0x28));
        int shentsize = U16(0x3A);
        int shnum = U16(0x3C);
        int shstrndx = U16(0x3E);
        if (shnum == 0)
        {
            throw Fail("the file has no section headers");
        }

        if (shentsize < 64)
        {
            throw Fail($"section header entry size {shentsize} is smaller than 64");
        }

        Require(shoff, (long)shentsize * shnum, "section header table");
        var raw = new List<(uint Name, uint Type, long Offset, long Size, uint Link, uint Info, long EntSize)>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            uint type = U32(h + 4);
            long offset = checked((long)U64(h + 0x18));
            long size = checked((long)U64(h + 0x20));
            const uint shtNobits = 8;
            if (type != shtNobits && type != 0)
            {
                Require(offset, size, $"section {i}");
            }

            raw.Add((U32(h), type, offset, size, U32(h + 0x28), U32(h + 0x2C), checked((long)U64(h + 0x38))));
        }

        if (shstrndx >= shnum)
        {
            throw Fail($"section name table index {shstrndx} is out of range ({shnum} sections)");
        }

        var names = raw[shstrndx];
        return raw.Select(s => new Section(CString(names.Offset, names.Size, s.Name), s.Type, s.Offset, s.Size, s.Link, s.Info, s.EntSize))
            .ToList();
    }

    private List<ElfVersionRequirement> ReadVersionRequirements()
    {
        var result = new List<ElfVersionRequirement>();
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = LinkedSection(sec);
            long entry = sec.Offset;
            int count = checked((int)sec.Info);
            for (int n = 0; n < count; n++)
            {
                Require(entry, 16, "version requirement (Elf64_Verneed)");
                int auxCount = U16(entry + 2);
                string file = CString(strtab.Offset, strtab.Size, U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(aux, 16, "version requirement entry (Elf64_Vernaux)");
                    ushort flags = U16(aux + 4);
                    ushort other = U16(aux + 6);
                    string name = CString(strtab.Offset, strtab.Size, U32(aux + 8));
                    result.Add(new ElfVersionRequirement(file, name, flags, other, aux + 4));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = U32(entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    private List<string> ReadVersionDefinitions()
    {
        var result = new List<string>();
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = LinkedSection(sec);
            long entry = sec.Offset;
            int count = checked((int)sec.Info);
            for (int n = 0; n < count; n++)
            {
                Require(entry, 20, "version definition (Elf64_Verdef)");
                long aux = entry + U32(entry + 12);
                if (U16(entry + 6) > 0)
                {
                    Require(aux, 8, "version definition name (Elf64_Verdaux)");
                    result.Add(CString(strtab.Offset, strtab.Size, U32(aux)));
                }

                uint next = U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    private List<ElfDynamicSymbol> ReadDynamicSymbols()
    {
        var dynsym = _sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (dynsym is null)
        {
            return [];
        }

        var strtab = LinkedSection(dynsym);
        long count = dynsym.Size / 24;
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var relocated = new HashSet<long>();
        foreach (var rel in _sections.Where(s => s.Type is ShtRela or ShtRel))
        {
            int entSize = rel.Type == ShtRela ? 24 : 16;
            for (long off = rel.Offset; off + entSize <= rel.Offset + rel.Size; off += entSize)
            {
                relocated.Add((long)(U64(off + 8) >> 32));
            }
        }

        var result = new List<ElfDynamicSymbol>((int)count);
        for (long i = 0; i < count; i++)
        {
            long s = dynsym.Offset + i * 24;
            string name = CString(strtab.Offset, strtab.Size, U32(s));
            bool defined = U16(s + 6) != 0;
            ushort version = 1;
            if (versym is not null && i * 2 + 2 <= versym.Size)
            {
                version = (ushort)(U16(versym.Offset + i * 2) & 0x7fff);
            }

            result.Add(new ElfDynamicSymbol(name, version, defined, relocated.Contains(i)));
        }

        return result;
    }

    private Section LinkedSection(Section sec)
    {
        if (sec.Link >= _sections.Count)
        {
            throw Fail($"section '{sec.Name}' links to missing section {sec.Link}");
        }

        return _sections[(int)sec.Link];
    }

    private string CString(long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize)
        {
            throw Fail($"string index {index} lies outside its string table ({tableSize} bytes)");
        }

        long start = tableOffset + index;
        long end = start;
        long limit = tableOffset + tableSize;
        while (end < limit && _data[end] != 0)
        {
            end++;
        }

        if (end >= limit)
        {
            throw Fail("unterminated string in a string table");
        }

        return Encoding.ASCII.GetString(_data, (int)start, (int)(end - start));
    }

    private void Require(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > _data.Length || length > _data.Length - offset)
        {
            throw Fail($"{what} at offset {offset} (+{length} bytes) lies beyond the end of the file ({_data.Length} bytes); the file is truncated or corrupt");
        }
    }

    private ushort U16(long offset)
    {
        Require(offset, 2, "field");
        return BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan((int)offset, 2));
    }

    private uint U32(long offset)
    {
        Require(offset, 4, "field");
        return BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)offset, 4));
    }

    private ulong U64(long offset)
    {
        Require(offset, 8, "field");
        return BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan((int)offset, 8));
    }

    private ElfFormatException Fail(string problem) => new(FilePath, problem);
}
