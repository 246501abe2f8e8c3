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

/// <summary>Seeds the own generators of the stochastic modules of a model.</summary>
public static class StochasticModules
{
    /// <summary>
    /// Reseeds every <see cref="IStochasticModule"/> in <paramref name="model"/> (in <c>named_modules</c> order) with a seed
    /// derived from (<paramref name="seed"/>, <paramref name="stream"/>, the module's index), so that modules draw
    /// independent, reproducible noise; <paramref name="model"/> itself too when it is one. Returns the number of modules reseeded.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="seed">Base seed.</param>
    /// <param name="stream">Second key (the trainer's epoch, an evaluation cell, ...).</param>
    public static int Reseed(TorchSharp.torch.nn.Module model, long seed, long stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        int index = 0, count = 0;
        bool rootListed = false;
        foreach (var (_, module) in model.named_modules())
        {
            rootListed |= ReferenceEquals(module, model);
            if (module is IStochasticModule stochastic)
            {
                stochastic.Reseed(Data.SplitMix64.Mix(seed, stream, 0x5EED0000 + index));
                count++;
            }

            index++;
        }

        // TorchSharp's named_modules leaves out the module itself (PyTorch's lists it first under ""); a stochastic model
        // with no stochastic children (a bare VOneBlock) is reseeded under a key of its own, so the children's keys stay.
        if (!rootListed && model is IStochasticModule root)
        {
            root.Reseed(Data.SplitMix64.Mix(seed, stream, 0x5EED0000 - 1));
            count++;
        }

        return count;
    }
}
