namespace BioVision.Rsa.Predictivity;

/// <summary>Options of <see cref="PlsRegression"/>, with scikit-learn's <c>PLSRegression</c> semantics.</summary>
public sealed record PlsOptions
{
    /// <summary>Number of latent components (default 25, Brain-Score's <c>pls_regression</c>). Capped at the number of features and at samples − 1.</summary>
    public int Components { get; init; } = 25;

    /// <summary>
    /// Standardise X and Y columns to unit variance (ddof 1) before fitting, as scikit-learn's <c>scale=True</c>.
    /// Default false, as in Brain-Score's <c>pls_regression</c> (<c>scale=False</c>); columns with zero variance keep scale 1.
    /// </summary>
    public bool Scale { get; init; }

    /// <summary>Most NIPALS power iterations per component (default 500, scikit-learn's <c>max_iter</c>).</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Convergence tolerance on the squared change of the X weights (default 1e-6, scikit-learn's <c>tol</c>).</summary>
    public double Tolerance { get; init; } = 1e-6;
}
