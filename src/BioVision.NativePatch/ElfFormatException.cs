namespace BioVision.NativePatch;

/// <summary>Thrown when a file is not a well-formed 64-bit little-endian ELF shared object.</summary>
public sealed class ElfFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a description of the problem.</summary>
    /// <param name="path">The file that was read (may be a placeholder for in-memory images).</param>
    /// <param name="problem">What is wrong with it.</param>
    public ElfFormatException(string path, string problem)
        : base($"'{path}' is not a usable ELF file: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ElfFormatException() : base("Not a usable ELF file.")
    {
        FilePath = string.Empty;
        Problem = string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public ElfFormatException(string message) : base(message)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ElfFormatException(string message, Exception innerException) : base(message, innerException)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Problem { get; }
}
