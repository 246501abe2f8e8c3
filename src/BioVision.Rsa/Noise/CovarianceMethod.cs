namespace BioVision.Rsa.Noise;

/// <summary>Noise covariance estimators (rsatoolbox's <c>method</c> argument of <c>cov_from_residuals</c>).</summary>
public enum CovarianceMethod
{
    /// <summary>Sample covariance XᵀX / dof (needs more rows than channels to be invertible).</summary>
    Full,

    /// <summary>Only the variances (univariate noise normalisation).</summary>
    Diagonal,

    /// <summary>Ledoit–Wolf (2004) optimal shrinkage towards a multiple of the identity.</summary>
    ShrinkageEye,

    /// <summary>Schäfer–Strimmer (2005) shrinkage of the correlations towards zero (towards the diagonal covariance).</summary>
    ShrinkageDiagonal,
}
