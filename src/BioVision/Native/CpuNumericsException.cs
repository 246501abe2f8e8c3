namespace BioVision.Native;

/// <summary>
/// Thrown when libtorch's CPU numerics (<see cref="CpuNumerics"/>) cannot be chosen as asked: an unknown value of
/// <see cref="CpuNumerics.ConvolutionVariable"/> or <see cref="CpuNumerics.ZeroFillVariable"/>, a libtorch that does not
/// export the switches, or switches that read back other than they were set. The message says what and what to do.
/// </summary>
public sealed class CpuNumericsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CpuNumericsException() : base("libtorch's CPU numerics cannot be chosen as asked.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public CpuNumericsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public CpuNumericsException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
