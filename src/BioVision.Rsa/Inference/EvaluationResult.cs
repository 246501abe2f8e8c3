using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Serialization;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Model evaluations with their uncertainty: per-sample evaluations, noise ceilings, (corrected) variances, and
/// t-test p-values against 0, against the lower noise ceiling and between models. Prints a table via ToString() and
/// round-trips through JSON (<see cref="ToJson"/>, <see cref="FromJson"/>, or System.Text.Json with
/// <see cref="RsaJsonContext"/>): the inputs are stored and the statistics recomputed on reading.
/// </summary>
[JsonConverter(typeof(EvaluationResultJsonConverter))]
public sealed class EvaluationResult
{
    internal EvaluationResult(EvaluationKind kind, ComparisonMethod method, IReadOnlyList<string> modelNames, double[,] samples,
        IReadOnlyList<NoiseCeiling> noiseCeilings, double[,] rawCovariance, bool noiseCeilingIncluded, int? correctionN, int dof,
        (double[,] Rdm, double[,] Pattern, int NRdm, int NPattern)? dual = null)
    {
        Kind = kind;
        Method = method;
        ModelNames = modelNames;
        Samples = samples;
        NoiseCeilings = noiseCeilings;
        RawCovariance = rawCovariance;
        Dof = dof;
        NoiseCeilingIncluded = noiseCeilingIncluded;
        CorrectionN = correctionN;
        Dual = dual;
        int m = samples.GetLength(1);
        var means = new double[m];
        for (int j = 0; j < m; j++)
        {
            double s = 0;
            int n = 0;
            for (int i = 0; i < samples.GetLength(0); i++)
            {
                if (!double.IsNaN(samples[i, j]))
                {
                    s += samples[i, j];
                    n++;
                }
            }

            means[j] = s / n;
        }

        Means = means;
        var validCeilings = noiseCeilings.Where(c => !double.IsNaN(c.Lower) && !double.IsNaN(c.Upper)).ToArray();
        NoiseCeiling = validCeilings.Length == 0 ? new NoiseCeiling(double.NaN, double.NaN)
            : new NoiseCeiling(validCeilings.Average(c => c.Lower), validCeilings.Average(c => c.Upper));
        (ModelVariances, DifferenceVariances, NoiseCeilingVariances) = dual is { } d
            ? EvaluationStatistics.DualVariances(rawCovariance, d.Rdm, d.Pattern, noiseCeilingIncluded, d.NRdm, d.NPattern)
            : EvaluationStatistics.Variances(rawCovariance, noiseCeilingIncluded, correctionN);
        Sem = ModelVariances.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray();
        PZero = EvaluationStatistics.PZero(Means, ModelVariances, dof);
        PNoise = EvaluationStatistics.PNoise(Means, NoiseCeiling.Lower, Enumerable.Range(0, m).Select(i => NoiseCeilingVariances[i, 0]).ToArray(), dof);
        PPairwise = EvaluationStatistics.PPairwise(Means, DifferenceVariances, dof);
    }

    internal bool NoiseCeilingIncluded { get; }

    internal int? CorrectionN { get; }

    internal (double[,] Rdm, double[,] Pattern, int NRdm, int NPattern)? Dual { get; }

    /// <summary>Writes the result as indented JSON (NaN written as "NaN").</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, RsaJsonContext.Default.EvaluationResult);

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="System.Text.Json.JsonException">The text is not such a result.</exception>
    public static EvaluationResult FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, RsaJsonContext.Default.EvaluationResult)
        ?? throw new System.Text.Json.JsonException("The JSON holds null, not an evaluation result.");

    /// <summary>How the evaluations were resampled.</summary>
    public EvaluationKind Kind { get; }

    /// <summary>Comparison method.</summary>
    public ComparisonMethod Method { get; }

    /// <summary>Model names (columns).</summary>
    public IReadOnlyList<string> ModelNames { get; }

    /// <summary>Evaluations: bootstrap samples × models (for <see cref="EvaluationKind.Fixed"/>: subjects × models).</summary>
    public double[,] Samples { get; }

    /// <summary>Noise ceiling per bootstrap sample (one entry for a fixed evaluation).</summary>
    public IReadOnlyList<NoiseCeiling> NoiseCeilings { get; }

    /// <summary>Mean noise ceiling over the samples that have one (NaN entries, from single-subject draws, are skipped).</summary>
    public NoiseCeiling NoiseCeiling { get; }

    /// <summary>Uncorrected covariance of the evaluations (models, then lower and upper noise ceiling when resampled with them); for the dual bootstrap, that of the joint bootstrap.</summary>
    public double[,] RawCovariance { get; }

    /// <summary>Degrees of freedom of the t-tests (units − 1).</summary>
    public int Dof { get; }

    /// <summary>Mean evaluation per model.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Variance of each model's mean evaluation (corrected).</summary>
    public IReadOnlyList<double> ModelVariances { get; }

    /// <summary>Standard error of each model's evaluation.</summary>
    public IReadOnlyList<double> Sem { get; }

    /// <summary>Variances of the pairwise model differences, condensed order (0,1), (0,2), ….</summary>
    public IReadOnlyList<double> DifferenceVariances { get; }

    /// <summary>Variance of model − lower and model − upper noise ceiling (models × 2).</summary>
    public double[,] NoiseCeilingVariances { get; }

    /// <summary>One-sided t-test p-value of each model against 0.</summary>
    public IReadOnlyList<double> PZero { get; }

    /// <summary>Two-sided t-test p-value of each model against the lower noise ceiling.</summary>
    public IReadOnlyList<double> PNoise { get; }

    /// <summary>Two-sided t-test p-values between models.</summary>
    public double[,] PPairwise { get; }

    /// <summary>Bootstrap pairwise p-values from the samples (rsatoolbox's bootstrap test).</summary>
    public double[,] PPairwiseBootstrap() => EvaluationStatistics.PPairwiseBootstrap(Samples);

    /// <summary>
    /// Confidence intervals per model: from the t distribution (mean ± t·SEM) or, with <paramref name="percentile"/>,
    /// from bootstrap quantiles (linear interpolation, the sample set framed by ±∞ as in rsatoolbox).
    /// </summary>
    /// <param name="level">Coverage, e.g. 0.95.</param>
    /// <param name="percentile">Use bootstrap percentiles instead of the t distribution.</param>
    public (double[] Lower, double[] Upper) ConfidenceIntervals(double level = 0.95, bool percentile = false)
    {
        double cut = (1 - level) / 2;
        int m = Means.Count;
        var lo = new double[m];
        var hi = new double[m];
        for (int j = 0; j < m; j++)
        {
            if (percentile)
            {
                var values = new List<double> { double.NegativeInfinity, double.PositiveInfinity };
                for (int i = 0; i < Samples.GetLength(0); i++)
                {
                    values.Add(Samples[i, j]);
                }

                values.Sort();
                lo[j] = Quantile(values, cut);
                hi[j] = Quantile(values, 1 - cut);
            }
            else if (Dof < 1)
            {
                lo[j] = hi[j] = double.NaN; // a single unit: no spread to build an interval from
            }
            else
            {
                double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, Dof, cut);
                lo[j] = Means[j] + (Sem[j] * t);
                hi[j] = Means[j] - (Sem[j] * t);
            }
        }

        return (lo, hi);
    }

    private static double Quantile(List<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int i = (int)Math.Floor(pos);
        double frac = pos - i;
        if (i + 1 >= sorted.Count)
        {
            return sorted[^1];
        }

        return frac == 0 ? sorted[i] : sorted[i] + (frac * (sorted[i + 1] - sorted[i]));
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"{Kind} evaluation by {Method} of {Means.Count} models ({Samples.GetLength(0)} samples, dof {Dof}); {NoiseCeiling}");
        int w = Math.Max(6, ModelNames.Max(n => n.Length) + 1);
        sb.AppendLine(inv, $"{"Model".PadRight(w)}|   Eval ± SEM    | p (against 0) | p (against NC)");
        sb.AppendLine(new string('-', w + 50));
        for (int i = 0; i < Means.Count; i++)
        {
            sb.AppendLine(inv, $"{ModelNames[i].PadRight(w)}| {Means[i],7:F3} ± {Sem[i],5:F3} | {FormatP(PZero[i]),13} | {FormatP(PNoise[i]),14}");
        }

        return sb.ToString();
    }

    private static string FormatP(double p) => p < 0.001 ? "< 0.001" : p.ToString("F3", CultureInfo.InvariantCulture);
}
