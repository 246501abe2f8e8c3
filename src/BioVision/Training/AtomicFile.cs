namespace BioVision.Training;

/// <summary>Writes files so that a reader (or a resumed run) sees either the old or the new content, never a torn one.</summary>
public static class AtomicFile
{
    /// <summary>Writes text through a temporary file in the same folder, then renames it over the target.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="contents">The text.</param>
    public static void WriteAllText(string path, string contents) => Write(path, temp => File.WriteAllText(temp, contents));

    /// <summary>Lets <paramref name="writer"/> fill a temporary file in the same folder, then renames it over the target.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="writer">Writes the content to the path it is given.</param>
    public static void Write(string path, Action<string> writer)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(writer);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            writer(temp);
            File.Move(temp, path, overwrite: true);
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
