namespace BioVision.Rsa.Io;

/// <summary>
/// A neural-data file (.mat, .npy, .npz, .csv) is malformed, truncated or uses a feature the readers do not support.
/// The message names the file and the problem.
/// </summary>
public sealed class NeuralDataFormatException : Exception
{
    /// <summary>Creates an exception for <paramref name="filePath"/> describing <paramref name="problem"/>.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public NeuralDataFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"'{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Creates an exception with a plain message (no file known).</summary>
    public NeuralDataFormatException()
        : this("(unknown file)", "malformed neural-data file")
    {
    }

    /// <summary>Creates an exception with a plain message (no file known).</summary>
    /// <param name="message">The problem.</param>
    public NeuralDataFormatException(string message)
        : this("(unknown file)", message)
    {
    }

    /// <summary>Creates an exception with a plain message and an inner exception (no file known).</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The underlying error.</param>
    public NeuralDataFormatException(string message, Exception innerException)
        : this("(unknown file)", message, innerException)
    {
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>The problem found, without the file name.</summary>
    public string Problem { get; }
}
