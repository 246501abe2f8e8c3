using Xunit;
using BioVision.NativePatch;

namespace BioVision.Tests.Native;

public sealed class ElfVersionPatcherTests : IDisposable
{
    private const string Glibcxx332 = "GLIBCXX_3.4.32";
    private readonly string _temp = Directory.CreateTempSubdirectory("biovision-elf-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>Every libstdc++ version the library needs, except the one Debian 12 lacks.</summary>
    private static HashSet<string> Bookworm(ElfImage image) =>
        image.VersionRequirements.Where(r => r.Library == SystemLibrary.LibStdCxx && r.Version != Glibcxx332).Select(r => r.Version).ToHashSet();

    [Fact]
    public void OriginalLibraryRequiresGlibcxx332Strongly()
    {
        var image = ElfImage.Load(NuGetNatives.OriginalLibTorchSharp);
        var requirement = Assert.Single(image.VersionRequirements, r => r.Version == Glibcxx332);
        Assert.Equal(SystemLibrary.LibStdCxx, requirement.Library);
        Assert.False(requirement.IsWeak);
        // The only symbol bound to it is std::ios_base_library_init, and no relocation uses it.
        var bound = image.DynamicSymbols.Where(s => s.VersionIndex == requirement.Index).ToList();
        Assert.Contains(bound, s => s.Name == "_ZSt21ios_base_library_initv");
        Assert.All(bound, s => Assert.False(s.HasRelocation));
    }

    [Fact]
    public void PatchSetsOnlyTheWeakFlagOfTheMissingVersion()
    {
        var image = ElfImage.Load(NuGetNatives.OriginalLibTorchSharp);
        var plan = ElfVersionPatcher.Plan(image, SystemLibrary.LibStdCxx, Bookworm(image));
        Assert.Equal(VersionPatchOutcome.Patched, plan.Outcome);
        var weakened = Assert.Single(plan.ToWeaken);
        Assert.Equal(Glibcxx332, weakened.Version);

        byte[] original = image.Bytes.ToArray();
        byte[] patched = ElfVersionPatcher.Apply(image, plan);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        // vna_flags is little-endian: VER_FLG_WEAK (0x2) lives in its low byte.
        Assert.Equal([weakened.FlagsOffset], changed.Select(i => (long)i));
        Assert.Equal(original[weakened.FlagsOffset] | ElfImage.VerFlagWeak, patched[weakened.FlagsOffset]);

        var reread = ElfImage.Parse(patched, "patched");
        Assert.True(Assert.Single(reread.VersionRequirements, r => r.Version == Glibcxx332).IsWeak);
        Assert.All(reread.VersionRequirements.Where(r => r.Version != Glibcxx332), r => Assert.Equal(
            image.VersionRequirements.Single(o => o.Version == r.Version && o.Library == r.Library).Flags, r.Flags));
    }

    [Fact]
    public void PatchingTwiceIsANoOp()
    {
        string target = Path.Combine(_temp, "libLibTorchSharp.so");
        var available = Bookworm(ElfImage.Load(NuGetNatives.OriginalLibTorchSharp));
        var first = ElfVersionPatcher.PatchFile(NuGetNatives.OriginalLibTorchSharp, target, SystemLibrary.LibStdCxx, available);
        byte[] once = File.ReadAllBytes(target);
        var second = ElfVersionPatcher.PatchFile(target, target, SystemLibrary.LibStdCxx, available);
        Assert.Equal(VersionPatchOutcome.Patched, first.Outcome);
        Assert.Equal(VersionPatchOutcome.AlreadyPatched, second.Outcome);
        Assert.Equal(once, File.ReadAllBytes(target));
    }

    [Fact]
    public void NotNeededWhenTheSystemHasEveryVersion()
    {
        var image = ElfImage.Load(NuGetNatives.OriginalLibTorchSharp);
        var everything = image.VersionRequirements.Select(r => r.Version).ToHashSet();
        Assert.Equal(VersionPatchOutcome.NotNeeded, ElfVersionPatcher.Plan(image, SystemLibrary.LibStdCxx, everything).Outcome);
    }

    [Fact]
    public void RefusesWhenAMissingVersionIsUsedByARelocatedSymbol()
    {
        var image = ElfImage.Load(NuGetNatives.OriginalLibTorchSharp);
        // An old libstdc++ without GLIBCXX_3.4.21 (the C++11 ABI strings): those symbols are relocated, so weakening cannot help.
        var old = Bookworm(image);
        old.Remove("GLIBCXX_3.4.21");
        var plan = ElfVersionPatcher.Plan(image, SystemLibrary.LibStdCxx, old);
        Assert.Equal(VersionPatchOutcome.Impossible, plan.Outcome);
        Assert.Contains("GLIBCXX_3.4.21", string.Join(" ", plan.Blocking));
        Assert.Throws<InvalidOperationException>(() => ElfVersionPatcher.Apply(image, plan));
    }

    [Fact]
    public void PatchingInPlaceReplacesAHardLinkInsteadOfWritingThroughIt()
    {
        string shared = Path.Combine(_temp, "cache.so");
        string output = Path.Combine(_temp, "output.so");
        File.Copy(NuGetNatives.OriginalLibTorchSharp, shared);
        using (var ln = System.Diagnostics.Process.Start("ln", [shared, output]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        byte[] before = File.ReadAllBytes(shared);
        var plan = ElfVersionPatcher.PatchFile(output, output, SystemLibrary.LibStdCxx, Bookworm(ElfImage.Load(shared)));
        Assert.Equal(VersionPatchOutcome.Patched, plan.Outcome);
        Assert.Equal(before, File.ReadAllBytes(shared));
        Assert.NotEqual(before, File.ReadAllBytes(output));
    }

    [Fact]
    public void RejectsAFileThatIsNotElf()
    {
        byte[] text = "#!/bin/sh\necho this is not a shared library, but it is long enough to hold an ELF header......\n"u8.ToArray();
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(text, "script.sh"));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
        Assert.Contains("script.sh", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(4096)]
    [InlineData(1_000_000)]
    public void RejectsATruncatedLibrary(int length)
    {
        byte[] whole = File.ReadAllBytes(NuGetNatives.OriginalLibTorchSharp);
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse(whole[..length], "cut.so"));
        Assert.Contains("cut.so", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects32BitAndBigEndianImages()
    {
        byte[] header = File.ReadAllBytes(NuGetNatives.OriginalLibTorchSharp)[..4096];
        header[4] = 1;
        Assert.Contains("ELFCLASS64", Assert.Throws<ElfFormatException>(() => ElfImage.Parse(header, "x")).Message, StringComparison.Ordinal);
        header[4] = 2;
        header[5] = 2;
        Assert.Contains("little-endian", Assert.Throws<ElfFormatException>(() => ElfImage.Parse(header, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTheSystemLibStdCxxVersionDefinitions()
    {
        // The project's machines and CI are Linux with GCC 12 or later.
        string? path = SystemLibrary.Locate(SystemLibrary.LibStdCxx);
        Assert.NotNull(path);
        var versions = SystemLibrary.DefinedVersions(SystemLibrary.LibStdCxx);
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("GLIBCXX_3.4.30", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }
}
