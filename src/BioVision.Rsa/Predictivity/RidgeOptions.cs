namespace BioVision.Rsa.Predictivity;

/// <summary>Options of <see cref="RidgeRegression"/>.</summary>
public sealed record RidgeOptions
{
    /// <summary>
    /// Candidate penalties, chosen by exact leave-one-out error on the training data (scikit-learn's <c>RidgeCV</c> with
    /// its default efficient LOO, one alpha for all targets). Default: 10^-3, 10^-2, …, 10^6 (ten values).
    /// </summary>
    public IReadOnlyList<double> Alphas { get; init; } = Enumerable.Range(-3, 10).Select(e => Math.Pow(10, e)).ToArray();
}
