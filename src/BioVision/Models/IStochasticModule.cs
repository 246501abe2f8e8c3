namespace BioVision.Models;

/// <summary>
/// A module that draws random numbers in its forward pass from a generator of its own (never torch's global one), so
/// that two models in one process do not disturb each other's draws and a run is reproducible from its seed.
/// </summary>
public interface IStochasticModule
{
    /// <summary>Restarts the module's generator from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    void Reseed(ulong seed);
}
