namespace BioVision.NativePatch;

/// <summary>Finds a shared library the way the dynamic loader would and reads the symbol versions it defines.</summary>
public static class SystemLibrary
{
    /// <summary>The C++ runtime library TorchSharp's native layer links against.</summary>
    public const string LibStdCxx = "libstdc++.so.6";

    private static readonly string[] StandardDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib",
    ];

    /// <summary>
    /// Returns the path of <paramref name="fileName"/> as the loader would find it: <c>LD_LIBRARY_PATH</c> first, then
    /// the standard directories; null when none holds it.
    /// </summary>
    /// <param name="fileName">A library file name such as <c>libstdc++.so.6</c>.</param>
    public static string? Locate(string fileName)
    {
        var searchPath = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(StandardDirectories);
        return searchPath.Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>The version names (e.g. <c>GLIBCXX_3.4.30</c>) the located library defines; empty when it is not found.</summary>
    /// <param name="fileName">A library file name such as <c>libstdc++.so.6</c>.</param>
    public static IReadOnlySet<string> DefinedVersions(string fileName)
    {
        string? path = Locate(fileName);
        return path is null ? new HashSet<string>() : ElfImage.Load(path).VersionDefinitions.ToHashSet(StringComparer.Ordinal);
    }
}
