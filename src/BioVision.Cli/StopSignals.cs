using System.Runtime.InteropServices;

namespace BioVision.Cli;

/// <summary>
/// The one way every long command stops: SIGINT (Ctrl+C) and SIGTERM (a scheduler's kill, Slurm's time limit) cancel
/// <see cref="Token"/>, so the work stops at its next safe point and keeps what is finished; a second signal ends the
/// process at once. <see cref="ExitCode"/> follows the shell's convention (128 + signal number).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private readonly string _message;

    /// <summary>Registers the handlers.</summary>
    /// <param name="message">Printed to stderr on the first signal (what is kept and how to continue).</param>
    public StopSignals(string message)
    {
        _message = message;
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The signal that stopped the command, or null.</summary>
    public PosixSignal? StoppedBy { get; private set; }

    /// <summary>130 after SIGINT (or a cancellation without a signal), 143 after SIGTERM.</summary>
    public int ExitCode => StoppedBy == PosixSignal.SIGTERM ? 143 : 130;

    /// <inheritdoc />
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (StoppedBy is not null)
        {
            return; // the second signal: default handling ends the process
        }

        StoppedBy = context.Signal;
        context.Cancel = true;
        Console.Error.WriteLine(_message);
        _cancel.Cancel();
    }
}
