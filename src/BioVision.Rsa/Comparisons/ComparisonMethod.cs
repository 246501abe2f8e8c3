namespace BioVision.Rsa.Comparisons;

/// <summary>RDM comparison methods (rsatoolbox's <c>compare(method=...)</c> names in the remarks).</summary>
/// <remarks>
/// Input without variation (a constant or all-zero RDM) has similarity 0 under every method except
/// <see cref="BuresMetric"/>, which is a distance and stays defined (see <see cref="VectorComparisons"/>).
/// </remarks>
public enum ComparisonMethod
{
    /// <summary>Cosine similarity (<c>cosine</c>).</summary>
    Cosine,

    /// <summary>Pearson correlation (<c>corr</c>).</summary>
    Pearson,

    /// <summary>Spearman rank correlation with tie correction (<c>spearman</c>).</summary>
    Spearman,

    /// <summary>Spearman ρ-a, no tie correction (<c>rho-a</c>).</summary>
    RhoA,

    /// <summary>Kendall τ-a (<c>tau-a</c>), suited to categorical models that predict ties.</summary>
    KendallTauA,

    /// <summary>Kendall τ-b (<c>kendall</c>, <c>tau-b</c>).</summary>
    KendallTauB,

    /// <summary>Pearson correlation after whitening by the RDM-entry covariance under i.i.d. noise (<c>corr_cov</c>).</summary>
    PearsonCov,

    /// <summary>Cosine similarity after whitening (<c>cosine_cov</c>; the unbiased distance correlation).</summary>
    CosineCov,

    /// <summary>
    /// Bures similarity of the double-centred second-moment matrices G = −½ H D H (<c>bures</c>): the fidelity
    /// tr √(√G₁ G₂ √G₁) divided by √(tr G₁ tr G₂); 1 for equal RDMs.
    /// </summary>
    Bures,

    /// <summary>Squared Bures distance tr G₁ + tr G₂ − 2 tr √(√G₁ G₂ √G₁) (<c>bures_metric</c>; a distance, 0 for equal RDMs).</summary>
    BuresMetric,
}
