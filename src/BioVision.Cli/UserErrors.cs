using System.CommandLine;
using BioVision.Data;

namespace BioVision.Cli;

/// <summary>
/// Runs a command line and turns the exceptions a user's mistake raises (bad paths, invalid values, unreadable or
/// corrupt files, a device this build lacks, an unknown CPU numerics choice) into one line on standard error and exit code 2, without a stack trace.
/// Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class UserErrors
{
    /// <summary>Exit code of a user mistake.</summary>
    public const int ExitCode = 2;

    public static int Invoke(RootCommand root, string[] args)
    {
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCode;
        }
    }

    /// <summary>Whether an exception comes from the user's input rather than from a bug.</summary>
    /// <param name="e">The exception.</param>
    public static bool IsUserError(Exception e) =>
        e is ArgumentException or IOException or UnauthorizedAccessException or DataFormatException or InvalidOperationException or NotSupportedException or FormatException
            or Native.CpuNumericsException;
}
