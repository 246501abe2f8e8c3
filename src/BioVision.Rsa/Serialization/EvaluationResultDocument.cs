using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Rsa.Serialization;

/// <summary>
/// The JSON form of <see cref="EvaluationResult"/>: the inputs from which the statistics are computed, followed by the
/// statistics themselves for readers in other languages (those are recomputed, not read, when deserialising).
/// </summary>
public sealed record EvaluationResultDocument
{
    /// <summary>How the evaluations were resampled.</summary>
    public required EvaluationKind Kind { get; init; }

    /// <summary>Comparison method.</summary>
    public required ComparisonMethod Method { get; init; }

    /// <summary>Model names.</summary>
    public required string[] ModelNames { get; init; }

    /// <summary>Samples × models evaluations.</summary>
    public required double[][] Samples { get; init; }

    /// <summary>Noise ceiling per sample.</summary>
    public required NoiseCeiling[] NoiseCeilings { get; init; }

    /// <summary>Uncorrected covariance of the evaluations.</summary>
    public required double[][] RawCovariance { get; init; }

    /// <summary>Whether the covariance's last two rows are the noise-ceiling bounds.</summary>
    public required bool NoiseCeilingIncluded { get; init; }

    /// <summary>n of the n/(n−1) variance correction, or null.</summary>
    public int? CorrectionN { get; init; }

    /// <summary>Degrees of freedom of the t-tests.</summary>
    public required int Dof { get; init; }

    /// <summary>Subject-bootstrap covariance of a dual bootstrap, or null.</summary>
    public double[][]? DualRdmCovariance { get; init; }

    /// <summary>Stimulus-bootstrap covariance of a dual bootstrap, or null.</summary>
    public double[][]? DualPatternCovariance { get; init; }

    /// <summary>Number of subjects of a dual bootstrap.</summary>
    public int? DualRdmCount { get; init; }

    /// <summary>Number of stimuli of a dual bootstrap.</summary>
    public int? DualPatternCount { get; init; }

    /// <summary>Mean noise ceiling (output only).</summary>
    public NoiseCeiling? NoiseCeiling { get; init; }

    /// <summary>Mean evaluation per model (output only).</summary>
    public double[]? Means { get; init; }

    /// <summary>Standard error per model (output only).</summary>
    public double[]? Sem { get; init; }

    /// <summary>p-value against 0 per model (output only).</summary>
    public double[]? PZero { get; init; }

    /// <summary>p-value against the lower noise ceiling per model (output only).</summary>
    public double[]? PNoise { get; init; }
}
