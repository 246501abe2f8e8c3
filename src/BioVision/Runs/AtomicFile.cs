namespace BioVision.Runs;

/// <summary>
/// The one way BioVision writes a file: into a temporary file in the same folder, then renamed over the target, so that
/// a reader (or a resumed run) sees either the old or the new content, never a torn one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Suffix of temporary files; a killed writer may leave one behind, which <see cref="CleanTemporaries"/> removes.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes text (UTF-8, no byte-order mark) through a temporary file, then renames it over the target.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="contents">The text.</param>
    public static void WriteAllText(string path, string contents) => Write(path, temp => File.WriteAllText(temp, contents));

    /// <summary>Writes bytes through a temporary file, then renames it over the target.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="contents">The bytes.</param>
    public static void WriteAllBytes(string path, byte[] contents) => Write(path, temp => File.WriteAllBytes(temp, contents));

    /// <summary>Lets <paramref name="writer"/> fill a temporary file in the same folder, then renames it over the target.
    /// The folder is created when missing.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="writer">Writes the content to the path it is given.</param>
    public static void Write(string path, Action<string> writer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(writer);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        // Unique per process and call, so two writers (threads or processes) of one target never share a temporary file.
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            writer(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Deletes the temporary files (<c>*.tmp</c>) that killed writers left directly in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>How many were deleted.</returns>
    public static int CleanTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string stale in Directory.GetFiles(directory, "*" + TemporarySuffix))
        {
            File.Delete(stale);
            deleted++;
        }

        return deleted;
    }
}
