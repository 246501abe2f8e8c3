namespace BioVision.Stochastic;

/// <summary>
/// A module that draws random numbers in its forward pass from a generator of its own (never torch's global one), so
/// that two models in one process do not disturb each other's draws and a run is reproducible from its seed.
/// </summary>
/// <remarks>
/// This interface is the one rule for "is this model stochastic": <see cref="StochasticModules.IsStochastic"/> asks every
/// module's <see cref="DrawsNoise"/> (which honours <see cref="NoiseControlOverride"/> and the training flag), and
/// <see cref="NoiseOverride"/> sets the override on every such module. Robustness evaluation (EOT, scoring draws),
/// activation extraction (noise draws) and the V1 property benchmark (trials) all decide through it.
/// </remarks>
public interface IStochasticModule
{
    /// <summary>Restarts the module's generator from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    void Reseed(ulong seed);

    /// <summary>
    /// Whether a forward pass in the module's current mode draws fresh noise: false when its noise is off (by its options,
    /// by <see cref="NoiseControlOverride"/>, or because it follows the training flag and the module is in evaluation mode),
    /// and false for <see cref="NoiseControl.FixedSeed"/>, whose draw repeats on every call (a deterministic function).
    /// </summary>
    bool DrawsNoise { get; }

    /// <summary>Overrides the module's configured <see cref="NoiseControl"/> while set (null: the configured one).</summary>
    NoiseControl? NoiseControlOverride { get; set; }
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
                stochastic.Reseed(SplitMix64.Mix(seed, stream, 0x5EED0000 + index));
                count++;
            }

            index++;
        }

        // TorchSharp's named_modules leaves out the module itself (PyTorch's lists it first under ""); a stochastic model
        // with no stochastic children (a bare VOneBlock) is reseeded under a key of its own, so the children's keys stay.
        if (!rootListed && model is IStochasticModule root)
        {
            root.Reseed(SplitMix64.Mix(seed, stream, 0x5EED0000 - 1));
            count++;
        }

        return count;
    }

    /// <summary>
    /// Whether a forward pass of <paramref name="model"/> is random in its current mode: some <see cref="IStochasticModule"/>
    /// in it (itself included) <see cref="IStochasticModule.DrawsNoise"/>. A model without stochastic modules is deterministic.
    /// </summary>
    /// <param name="model">The model, in the mode (training or evaluation) and under the overrides it will be run with.</param>
    public static bool IsStochastic(TorchSharp.torch.nn.Module model) => Of(model).Any(m => m.DrawsNoise);

    /// <summary>The stochastic modules of <paramref name="model"/>, itself first when it is one, then in <c>named_modules</c> order.</summary>
    /// <param name="model">Any module.</param>
    public static IEnumerable<IStochasticModule> Of(TorchSharp.torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is IStochasticModule self)
        {
            yield return self;
        }

        foreach (var (_, module) in model.named_modules())
        {
            if (module is IStochasticModule stochastic && !ReferenceEquals(module, model))
            {
                yield return stochastic;
            }
        }
    }
}
