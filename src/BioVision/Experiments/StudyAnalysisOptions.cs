namespace BioVision.Experiments;

/// <summary>Which measures the verdicts use, and the bootstrap settings of <see cref="StudyAnalysis"/>.</summary>
public sealed record StudyAnalysisOptions
{
    /// <summary>Reference variant of the contrasts (the family's baseline).</summary>
    public string Baseline { get; init; } = StudyFamily.BaselineName;

    /// <summary>Robustness measure of the white-box claims (robust accuracy under the VOneNet PGD preset at its middle eps).</summary>
    public string WhiteBoxMeasure { get; init; } = "whitebox";

    /// <summary>Brain score of the V1 claims (the mean ceiled Marques et al. V1 property score).</summary>
    public string V1Score { get; init; } = "v1";

    /// <summary>Brain score of the V4 claim (ceiled PLS predictivity on the Cowley V4 test sessions).</summary>
    public string V4Score { get; init; } = "v4.pls";

    /// <summary>Bootstrap draws and permutations.</summary>
    public int Samples { get; init; } = 2000;

    /// <summary>Seed of all draws.</summary>
    public long Seed { get; init; }

    /// <summary>Coverage of the intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>|rho| below which an average correlation counts as weak (Hoak et al. 2025's claim).</summary>
    public double WeakCorrelation { get; init; } = 0.3;
}
