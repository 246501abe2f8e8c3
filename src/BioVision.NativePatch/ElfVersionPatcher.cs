namespace BioVision.NativePatch;

/// <summary>
/// Marks symbol-version requirements that the system library lacks as weak (<c>VER_FLG_WEAK</c>), in a copy of an
/// ELF object, when doing so is safe: no relocation of the object refers to a symbol bound to that version, so the
/// symbol is never resolved at run time and the loader only needs to stop rejecting the object.
/// </summary>
/// <remarks>
/// This is the fix for TorchSharp 0.107's <c>libLibTorchSharp.so</c>, whose only GLIBCXX_3.4.32 symbol,
/// <c>std::ios_base_library_init</c>, is referenced by no relocation. Exactly one 16-bit field per weakened entry
/// changes; patching a patched file changes nothing.
/// </remarks>
public static class ElfVersionPatcher
{
    /// <summary>Decides what to do for <paramref name="image"/> given the versions <paramref name="library"/> defines.</summary>
    /// <param name="image">The object to inspect.</param>
    /// <param name="library">File name of the needed library (e.g. <c>libstdc++.so.6</c>).</param>
    /// <param name="availableVersions">Version names the system's copy of that library defines.</param>
    public static VersionPatchPlan Plan(ElfImage image, string library, IReadOnlySet<string> availableVersions)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(availableVersions);
        var missing = image.VersionRequirements
            .Where(r => r.Library == library && !availableVersions.Contains(r.Version))
            .ToList();
        if (missing.Count == 0)
        {
            return new VersionPatchPlan(VersionPatchOutcome.NotNeeded, missing, [], []);
        }

        var blocking = new List<string>();
        foreach (var requirement in missing)
        {
            var used = image.DynamicSymbols
                .Where(s => s.VersionIndex == requirement.Index && !s.IsDefined && s.HasRelocation)
                .Select(s => s.Name)
                .ToList();
            if (used.Count > 0)
            {
                blocking.Add($"{requirement.Version} from {library} is needed by relocated symbol(s) {string.Join(", ", used.Take(5))}");
            }
        }

        if (blocking.Count > 0)
        {
            return new VersionPatchPlan(VersionPatchOutcome.Impossible, missing, [], blocking);
        }

        var toWeaken = missing.Where(r => !r.IsWeak).ToList();
        return toWeaken.Count == 0
            ? new VersionPatchPlan(VersionPatchOutcome.AlreadyPatched, missing, toWeaken, [])
            : new VersionPatchPlan(VersionPatchOutcome.Patched, missing, toWeaken, []);
    }

    /// <summary>Returns a copy of the image's bytes with the planned requirements marked weak.</summary>
    /// <param name="image">The object the plan was made for.</param>
    /// <param name="plan">A plan from <see cref="Plan"/>.</param>
    public static byte[] Apply(ElfImage image, VersionPatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Outcome == VersionPatchOutcome.Impossible)
        {
            throw new InvalidOperationException($"Cannot patch '{image.FilePath}': {plan}");
        }

        byte[] bytes = image.Bytes.ToArray();
        foreach (var requirement in plan.ToWeaken)
        {
            ushort flags = (ushort)(requirement.Flags | ElfImage.VerFlagWeak);
            bytes[requirement.FlagsOffset] = (byte)(flags & 0xff);
            bytes[requirement.FlagsOffset + 1] = (byte)(flags >> 8);
        }

        return bytes;
    }

    /// <summary>
    /// Patches <paramref name="sourcePath"/> into <paramref name="targetPath"/> (which may be the same file) when needed.
    /// The target is written to a temporary file and renamed over, so a reader never sees a half-written library and a
    /// hard link to a shared copy (e.g. the NuGet cache) is replaced rather than modified.
    /// </summary>
    /// <param name="sourcePath">The object to read.</param>
    /// <param name="targetPath">Where the patched object goes. When nothing needs to change and the paths differ,
    /// the source is copied so that the target always exists afterwards.</param>
    /// <param name="library">File name of the needed library.</param>
    /// <param name="availableVersions">Version names that library defines on this system.</param>
    /// <returns>The plan that was carried out.</returns>
    public static VersionPatchPlan PatchFile(string sourcePath, string targetPath, string library, IReadOnlySet<string> availableVersions)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(targetPath);
        var image = ElfImage.Load(sourcePath);
        var plan = Plan(image, library, availableVersions);
        if (plan.Outcome == VersionPatchOutcome.Impossible)
        {
            return plan;
        }

        bool samePath = Path.GetFullPath(sourcePath) == Path.GetFullPath(targetPath);
        if (plan.Outcome == VersionPatchOutcome.Patched)
        {
            WriteAtomically(targetPath, Apply(image, plan), sourcePath);
        }
        else if (!samePath)
        {
            WriteAtomically(targetPath, image.Bytes.ToArray(), sourcePath);
        }

        return plan;
    }

    private static void WriteAtomically(string targetPath, byte[] bytes, string modeFrom)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(targetPath)) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(targetPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(modeFrom));
            }

            File.Move(temp, targetPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
