using System.Globalization;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Correlations across models between two measures, with percentile bootstrap intervals over models and seeds
/// (<see cref="CrossModelCorrelation"/>). Undefined values are NaN.
/// </summary>
public sealed record CorrelationEstimate
{
    /// <summary>Number of distinct models (variants).</summary>
    public int Models { get; init; }

    /// <summary>Number of observations (models x seeds).</summary>
    public int Observations { get; init; }

    /// <summary>Pearson r of the per-model means.</summary>
    public double Pearson { get; init; }

    /// <summary>Lower end of the Pearson interval.</summary>
    public double PearsonLow { get; init; }

    /// <summary>Upper end of the Pearson interval.</summary>
    public double PearsonHigh { get; init; }

    /// <summary>Two-sided permutation p-value of the Pearson r.</summary>
    public double PearsonP { get; init; }

    /// <summary>Spearman rho of the per-model means.</summary>
    public double Spearman { get; init; }

    /// <summary>Lower end of the Spearman interval.</summary>
    public double SpearmanLow { get; init; }

    /// <summary>Upper end of the Spearman interval.</summary>
    public double SpearmanHigh { get; init; }

    /// <summary>Two-sided permutation p-value of the Spearman rho.</summary>
    public double SpearmanP { get; init; }

    /// <summary>Partial Pearson r controlling for the covariate.</summary>
    public double PartialPearson { get; init; }

    /// <summary>Lower end of the partial Pearson interval.</summary>
    public double PartialPearsonLow { get; init; }

    /// <summary>Upper end of the partial Pearson interval.</summary>
    public double PartialPearsonHigh { get; init; }

    /// <summary>Partial Spearman rho controlling for the covariate.</summary>
    public double PartialSpearman { get; init; }

    /// <summary>Lower end of the partial Spearman interval.</summary>
    public double PartialSpearmanLow { get; init; }

    /// <summary>Upper end of the partial Spearman interval.</summary>
    public double PartialSpearmanHigh { get; init; }

    /// <summary>Bootstrap draws (and permutations) requested.</summary>
    public int Samples { get; init; }

    /// <summary>Bootstrap draws in which the correlation was defined (both measures varied across the drawn models).</summary>
    public int ValidDraws { get; init; }

    /// <summary>Coverage of the intervals.</summary>
    public double Confidence { get; init; }

    /// <summary>Seed of the draws.</summary>
    public long Seed { get; init; }

    /// <summary>One line: r and rho with intervals, partial correlations and the number of models.</summary>
    public override string ToString()
    {
        static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        return $"Pearson {F(Pearson)} [{F(PearsonLow)}, {F(PearsonHigh)}] p={PearsonP.ToString("0.###", CultureInfo.InvariantCulture)}; "
            + $"Spearman {F(Spearman)} [{F(SpearmanLow)}, {F(SpearmanHigh)}] p={SpearmanP.ToString("0.###", CultureInfo.InvariantCulture)}; "
            + $"partial (| accuracy) r {F(PartialPearson)} [{F(PartialPearsonLow)}, {F(PartialPearsonHigh)}], rho {F(PartialSpearman)} [{F(PartialSpearmanLow)}, {F(PartialSpearmanHigh)}]; "
            + $"{Models} models, {Observations} runs, {ValidDraws}/{Samples} draws, {Confidence:P0} CI";
    }
}
