namespace BioVision.Rsa.Predictivity;

/// <summary>Options of <see cref="NeuralPredictivity"/>; defaults follow Brain-Score's <c>CrossRegressedCorrelation</c>.</summary>
public sealed record PredictivityOptions
{
    /// <summary>Regression from features to responses (default PLS, Brain-Score's "pls").</summary>
    public RegressionKind Regression { get; init; } = RegressionKind.Pls;

    /// <summary>PLS options (25 components).</summary>
    public PlsOptions Pls { get; init; } = new();

    /// <summary>Ridge options.</summary>
    public RidgeOptions Ridge { get; init; } = new();

    /// <summary>Split scheme (default shuffle splits, as Brain-Score).</summary>
    public SplitKind Kind { get; init; } = SplitKind.ShuffleSplit;

    /// <summary>Number of splits (default 10).</summary>
    public int Splits { get; init; } = 10;

    /// <summary>Fraction of stimuli used for training in shuffle splits (default 0.9); k-fold uses (k−1)/k.</summary>
    public double TrainFraction { get; init; } = 0.9;

    /// <summary>Seed of the split generator (default 1, Brain-Score's <c>random_state</c>).</summary>
    public long Seed { get; init; } = 1;
}
