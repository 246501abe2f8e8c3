namespace BioVision.Native;

/// <summary>Thrown when TorchSharp's native libraries cannot be made to load on this system; the message says what is missing and what to do.</summary>
public sealed class NativeLibraryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NativeLibraryUnavailableException() : base("TorchSharp's native libraries cannot be loaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing and what to do.</param>
    public NativeLibraryUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public NativeLibraryUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
