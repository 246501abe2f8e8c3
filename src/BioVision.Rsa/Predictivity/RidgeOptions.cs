namespace BioVision.Rsa.Predictivity;

/// <summary>Options of <see cref="RidgeRegression"/>.</summary>
public sealed record RidgeOptions
{
    /// <summary>
    /// Candidate penalties, chosen by exact leave-one-out error on the training data (scikit-learn's <c>RidgeCV</c> with
    /// its default efficient LOO, one alpha for all targets). Default: Brain-Score's <c>ridge_cv_regression</c> grid
    /// (<see cref="BrainScoreAlphas"/>).
    /// </summary>
    public IReadOnlyList<double> Alphas { get; init; } = BrainScoreAlphas;

    /// <summary>
    /// Brain-Score's alpha grid: 0.01, 0.1, 0.5, 1; then evenly spaced values from 10 to 100 (4, end excluded),
    /// 100 to 10³, 10³ to 10⁴, 10⁴ to 10⁵, 10⁵ to 10⁶ (18 each, end excluded) and 10⁶ to 10⁷ (19, end included): 99 values.
    /// </summary>
    public static IReadOnlyList<double> BrainScoreAlphas { get; } = BuildBrainScoreAlphas();

    private static double[] BuildBrainScoreAlphas()
    {
        var alphas = new List<double> { 0.01, 0.1, 0.5, 1.0 };
        static IEnumerable<double> Linspace(double start, double stop, int count, bool endpoint)
        {
            double step = (stop - start) / (endpoint ? count - 1 : count);
            return Enumerable.Range(0, count).Select(i => start + (i * step));
        }

        alphas.AddRange(Linspace(1e1, 1e2, 4, false));
        alphas.AddRange(Linspace(1e2, 1e3, 18, false));
        alphas.AddRange(Linspace(1e3, 1e4, 18, false));
        alphas.AddRange(Linspace(1e4, 1e5, 18, false));
        alphas.AddRange(Linspace(1e5, 1e6, 18, false));
        alphas.AddRange(Linspace(1e6, 1e7, 19, true));
        return [.. alphas];
    }
}
