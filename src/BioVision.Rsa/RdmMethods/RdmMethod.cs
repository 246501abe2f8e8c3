namespace BioVision.Rsa.RdmMethods;

/// <summary>Dissimilarity measures for RDM estimation (rsatoolbox's <c>calc_rdm</c> methods).</summary>
public enum RdmMethod
{
    /// <summary>Squared Euclidean distance divided by the number of channels.</summary>
    Euclidean,

    /// <summary>One minus the Pearson correlation of the two patterns across channels.</summary>
    Correlation,

    /// <summary>Squared Mahalanobis distance (xᵢ − xⱼ)ᵀ P (xᵢ − xⱼ) / channels with noise precision P (identity if none).</summary>
    Mahalanobis,

    /// <summary>Cross-validated Mahalanobis distance, leave-one-run-out (unbiased: zero expected value for equal patterns).</summary>
    Crossnobis,

    /// <summary>Symmetrised Kullback–Leibler divergence between Poisson rates (per channel), after a prior on the rates.</summary>
    Poisson,

    /// <summary>Cross-validated symmetrised Poisson KL divergence, leave-one-run-out.</summary>
    PoissonCv,
}
