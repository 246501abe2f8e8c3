using BioVision.V1;
using TorchSharp;

namespace BioVision.Robustness;

/// <summary>
/// Sets <see cref="VOneBlock.NoiseControlOverride"/> on every V1 block of a model until disposed, then restores the
/// previous values. Robustness evaluation uses one for attack time and another for scoring time, so the two noise
/// regimes are controlled separately without rebuilding the model.
/// </summary>
public sealed class NoiseOverride : IDisposable
{
    private readonly List<(VOneBlock Block, NoiseControl? Previous)> _saved = [];

    /// <summary>Applies <paramref name="control"/> (null: leave the model as it is).</summary>
    /// <param name="model">Any module; its V1 blocks are found among its submodules.</param>
    /// <param name="control">The noise control to force, or null for none.</param>
    public NoiseOverride(torch.nn.Module model, NoiseControl? control)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (control is null)
        {
            return;
        }

        foreach (var block in Blocks(model))
        {
            _saved.Add((block, block.NoiseControlOverride));
            block.NoiseControlOverride = control;
        }
    }

    /// <summary>Whether the model has a V1 block whose noise is active now (a stochastic model).</summary>
    /// <param name="model">Any module.</param>
    public static bool IsStochastic(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Blocks(model).Any(b => b.NoiseActive && b.EffectiveNoiseControl != NoiseControl.FixedSeed);
    }

    /// <summary>The V1 blocks of a module (itself included).</summary>
    /// <param name="model">Any module.</param>
    public static IEnumerable<VOneBlock> Blocks(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is VOneBlock self)
        {
            yield return self;
        }

        foreach (var (_, module) in model.named_modules())
        {
            if (module is VOneBlock block && !ReferenceEquals(block, model))
            {
                yield return block;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (block, previous) in _saved)
        {
            block.NoiseControlOverride = previous;
        }

        _saved.Clear();
    }
}
