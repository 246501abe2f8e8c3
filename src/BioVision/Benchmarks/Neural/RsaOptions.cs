using BioVision.Rsa.Comparisons;

namespace BioVision.Benchmarks.Neural;

/// <summary>Options of <see cref="RsaScoring"/>.</summary>
public sealed record RsaOptions
{
    /// <summary>
    /// RDM comparison: <see cref="ComparisonMethod.Spearman"/> (default, Brain-Score's and Algonauts') or
    /// <see cref="ComparisonMethod.KendallTauA"/> (rsatoolbox's choice for models that predict ties).
    /// </summary>
    public ComparisonMethod Method { get; init; } = ComparisonMethod.Spearman;

    /// <summary>Bootstrap draws over subjects (when there are at least two) and stimuli for the intervals. Default 1000 (rsatoolbox).</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap draws. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 bootstrap samples, or a method other than Spearman / Kendall τ-a.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapSamples, 2, nameof(BootstrapSamples));
        if (Method is not (ComparisonMethod.Spearman or ComparisonMethod.KendallTauA))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Brain RSA here uses Spearman or Kendall tau-a.");
        }
    }
}
