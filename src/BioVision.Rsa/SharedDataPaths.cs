namespace BioVision.Rsa;

/// <summary>
/// Locates the project's shared real data (<c>shared/data</c>) and the reference values produced by the original
/// Python implementations (<c>shared/reference</c>). Neither is part of the repository: they sit beside the checkout.
/// </summary>
/// <remarks>
/// <c>BIOVISION_DATA</c> and <c>BIOVISION_REFERENCE</c> override the locations. Otherwise each ancestor of the current
/// directory and of this assembly's folder is searched for <c>shared/data</c> (resp. <c>shared/reference</c>), which
/// finds <c>../shared</c> next to a checkout and inside CI's clone. A missing file raises
/// <see cref="FileNotFoundException"/> naming the file and the variables to set; tests rely on this to fail loudly.
/// </remarks>
public static class SharedDataPaths
{
    /// <summary>Environment variable that names the data folder.</summary>
    public const string DataVariable = "BIOVISION_DATA";

    /// <summary>Environment variable that names the reference-values folder.</summary>
    public const string ReferenceVariable = "BIOVISION_REFERENCE";

    /// <summary>The data folder, or null when it cannot be found.</summary>
    public static string? DataRoot => Find(DataVariable, "data");

    /// <summary>The reference-values folder, or null when it cannot be found.</summary>
    public static string? ReferenceRoot => Find(ReferenceVariable, "reference");

    /// <summary>Full path of a file or folder under the data folder.</summary>
    /// <param name="relativePath">Path relative to <c>shared/data</c>, e.g. <c>kriegeskorte2008_92/92_brainRDMs.mat</c>.</param>
    /// <exception cref="FileNotFoundException">The data folder or the entry does not exist.</exception>
    public static string Data(string relativePath) => Resolve(DataRoot, DataVariable, "data", relativePath);

    /// <summary>
    /// Full path of a file or folder under an explicit data root, or under the default data folder when
    /// <paramref name="root"/> is null (<see cref="Data(string)"/>: <c>BIOVISION_DATA</c>, then the checkout lookup).
    /// </summary>
    /// <param name="relativePath">Path relative to the data root, e.g. <c>kriegeskorte2008_92/92_brainRDMs.mat</c>.</param>
    /// <param name="root">The data root (the folder that holds <c>kriegeskorte2008_92</c>, <c>algonauts2019_92</c>, ...), or null.</param>
    /// <exception cref="DirectoryNotFoundException">The given root does not exist.</exception>
    /// <exception cref="FileNotFoundException">The entry does not exist (or, without a root, no data folder was found).</exception>
    public static string Data(string relativePath, string? root) =>
        root is null ? Data(relativePath) : Resolve(RequireDataRoot(root), DataVariable, "data", relativePath);

    /// <summary>
    /// Checks an explicit data root before any work starts and returns its full path; loaders and benchmarks given a
    /// root call this first, so a wrong path fails at once, naming it.
    /// </summary>
    /// <param name="root">The data root.</param>
    /// <exception cref="ArgumentException">The root is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The root does not exist.</exception>
    public static string RequireDataRoot(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return Directory.Exists(full)
            ? full
            : throw new DirectoryNotFoundException($"The data root '{root}' does not exist (it should be the shared data folder holding e.g. kriegeskorte2008_92/).");
    }

    /// <summary>Full path of a file under the reference-values folder.</summary>
    /// <param name="relativePath">Path relative to <c>shared/reference</c>, e.g. <c>rsa/synthetic.json</c>.</param>
    /// <exception cref="FileNotFoundException">The reference folder or the file does not exist.</exception>
    public static string Reference(string relativePath) => Resolve(ReferenceRoot, ReferenceVariable, "reference", relativePath);

    private static string Resolve(string? root, string variable, string folder, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (root is null)
        {
            throw new FileNotFoundException(
                $"The shared {folder} folder was not found (needed for '{relativePath}'). Set {variable} to it, or place the " +
                $"'shared' folder beside the BioVision checkout (../shared/{folder}).", relativePath);
        }

        string path = Path.Combine(root, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist (shared {folder} folder: {root}; override with {variable}).", path);
        }

        return path;
    }

    private static string? Find(string variable, string folder)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } explicitRoot)
        {
            return Directory.Exists(explicitRoot) ? Path.GetFullPath(explicitRoot) : null;
        }

        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", folder);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
