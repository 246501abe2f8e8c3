using TorchSharp;

namespace BioVision.Stochastic;

/// <summary>
/// Sets <see cref="IStochasticModule.NoiseControlOverride"/> on every stochastic module of a model until disposed, then
/// restores the previous values. Robustness evaluation uses one for attack time and another for scoring time, so the two
/// noise regimes are controlled separately without rebuilding the model.
/// </summary>
public sealed class NoiseOverride : IDisposable
{
    private readonly List<(IStochasticModule Module, NoiseControl? Previous)> _saved = [];

    /// <summary>Applies <paramref name="control"/> (null: leave the model as it is).</summary>
    /// <param name="model">Any module; its stochastic modules are found among its submodules (itself included).</param>
    /// <param name="control">The noise control to force, or null for none.</param>
    public NoiseOverride(torch.nn.Module model, NoiseControl? control)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (control is null)
        {
            return;
        }

        foreach (var module in StochasticModules.Of(model))
        {
            _saved.Add((module, module.NoiseControlOverride));
            module.NoiseControlOverride = control;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Restored in reverse order, so a module listed twice ends at its first saved value.
        for (int i = _saved.Count - 1; i >= 0; i--)
        {
            _saved[i].Module.NoiseControlOverride = _saved[i].Previous;
        }

        _saved.Clear();
    }
}
