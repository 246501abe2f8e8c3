namespace BioVision.Serialization;

/// <summary>A strict state-dict load found missing, unexpected or mis-shaped keys; nothing was loaded.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from the report that names the keys.</summary>
    /// <param name="report">The load report.</param>
    public StateDictMismatchException(StateDictLoadReport report)
        : base("The state dict does not match the model (nothing loaded): " + (report ?? throw new ArgumentNullException(nameof(report))))
    {
        Report = report;
    }

    /// <summary>Creates the exception with a message.</summary>
    public StateDictMismatchException() : this(new StateDictLoadReport())
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StateDictMismatchException(string message) : base(message)
    {
        Report = new StateDictLoadReport();
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StateDictMismatchException(string message, Exception innerException) : base(message, innerException)
    {
        Report = new StateDictLoadReport();
    }

    /// <summary>The report naming every missing, unexpected and mis-shaped key.</summary>
    public StateDictLoadReport Report { get; }
}
