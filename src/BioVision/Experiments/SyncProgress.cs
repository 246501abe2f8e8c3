namespace BioVision.Experiments;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler on the reporting thread. <see cref="Progress{T}"/> posts to the
/// thread pool, which reorders reports and can deliver them after the stage has returned.
/// </summary>
/// <typeparam name="T">Report type.</typeparam>
/// <param name="handler">Called for every report.</param>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
