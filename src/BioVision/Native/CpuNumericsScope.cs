namespace BioVision.Native;

/// <summary>
/// A block of code with chosen CPU numerics (<see cref="CpuNumerics.Use(CpuNumericsState)"/>): disposing it restores
/// libtorch's switches as they were when the scope was opened, also when the block ends with an exception.
/// </summary>
/// <remarks>
/// The switches are process-wide, so a scope acts on every thread while it is open. Dispose scopes in the reverse
/// order of opening them (a <c>using</c> does); disposing twice restores once.
/// </remarks>
public sealed class CpuNumericsScope : IDisposable
{
    private int _disposed;

    internal CpuNumericsScope(CpuNumericsState previous, CpuNumericsState applied)
    {
        Previous = previous;
        Applied = applied;
    }

    /// <summary>The switches before the scope, as read back from libtorch; restored on dispose.</summary>
    public CpuNumericsState Previous { get; }

    /// <summary>The switches the scope set, as read back from libtorch right after setting them.</summary>
    public CpuNumericsState Applied { get; }

    /// <summary>Restores <see cref="Previous"/>, checked by reading it back.</summary>
    /// <exception cref="CpuNumericsException">libtorch reads back other switches than were restored.</exception>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            CpuNumerics.Restore(Previous);
        }
    }
}
