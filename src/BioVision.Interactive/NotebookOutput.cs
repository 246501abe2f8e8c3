namespace BioVision.Interactive;

/// <summary>
/// Where a notebook and its <c>dotnet run</c> twin keep what they write (trained runs, study folders, the twin's PNGs):
/// <c>$BIOVISION_NOTEBOOK_OUTPUT</c> when set (the notebook tests give each run its own), else <c>biovision-notebooks</c>
/// in the temp folder. One definition for every notebook and twin.
/// </summary>
public static class NotebookOutput
{
    /// <summary>The environment variable that chooses the folder.</summary>
    public const string Variable = "BIOVISION_NOTEBOOK_OUTPUT";

    /// <summary>The folder (not created).</summary>
    public static string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "biovision-notebooks");

    /// <summary>Writes <paramref name="png"/> as <paramref name="name"/> in <see cref="Folder"/> (created when missing) and returns its path.</summary>
    /// <param name="png">The PNG bytes.</param>
    /// <param name="name">The file name.</param>
    public static string Save(byte[] png, string name)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Directory.CreateDirectory(Folder);
        string path = Path.Combine(Folder, name);
        Runs.AtomicFile.WriteAllBytes(path, png);
        return path;
    }
}
