namespace BioVision.Rsa.RdmMethods;

/// <summary>
/// Options of RDM estimation. Defaults equal rsatoolbox's <c>calc_rdm</c> defaults (method euclidean, prior_lambda 1,
/// prior_weight 0.1, no noise precision) except <see cref="PoissonCvAllFolds"/>, which fixes a known defect.
/// </summary>
public sealed record RdmOptions
{
    /// <summary>Dissimilarity measure. Default: <see cref="RdmMethod.Euclidean"/>.</summary>
    public RdmMethod Method { get; init; } = RdmMethod.Euclidean;

    /// <summary>
    /// Noise precision matrix (channels × channels) for Mahalanobis and crossnobis; null means identity.
    /// </summary>
    public double[,]? Precision { get; init; }

    /// <summary>
    /// Crossnobis only: one noise precision per run (of that run's mean pattern), in ascending run order. Pairs of runs
    /// (i &lt; j) are then compared with the precision ((Pᵢ⁻¹ + Pⱼ⁻¹)/2)⁻¹, as in rsatoolbox. Overrides <see cref="Precision"/>.
    /// </summary>
    public IReadOnlyList<double[,]>? RunPrecisions { get; init; }

    /// <summary>Poisson prior rate λ (default 1): rates become (x + λw)/(1 + w).</summary>
    public double PriorLambda { get; init; } = 1;

    /// <summary>Poisson prior weight w (default 0.1).</summary>
    public double PriorWeight { get; init; } = 0.1;

    /// <summary>Subtract each pattern's mean over channels before computing distances (default false).</summary>
    public bool RemoveMean { get; init; }

    /// <summary>
    /// <see cref="RdmMethod.PoissonCv"/>: average the leave-one-run-out estimates over all folds (default true).
    /// rsatoolbox at f1f83cad keeps only the last fold's estimate (a defect); set false to reproduce it.
    /// </summary>
    public bool PoissonCvAllFolds { get; init; } = true;
}
