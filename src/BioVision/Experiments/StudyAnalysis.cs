using System.Globalization;
using BioVision.Rsa.Inference;

namespace BioVision.Experiments;

/// <summary>
/// The analysis of a study: for every brain-similarity score and every robustness measure, the correlation across
/// models (<see cref="CrossModelCorrelation"/>); contrasts of each variant against the baseline; and a verdict per
/// published claim.
/// </summary>
public sealed record StudyAnalysis
{
    /// <summary>The measures of every model (variant x seed) the analysis used.</summary>
    public required IReadOnlyList<ModelMeasures> Models { get; init; }

    /// <summary>One correlation per (brain score, robustness measure) pair.</summary>
    public required IReadOnlyList<MeasureCorrelation> Correlations { get; init; }

    /// <summary>Each variant against the baseline on the measures the claims use.</summary>
    public required IReadOnlyList<VariantContrast> Contrasts { get; init; }

    /// <summary>One verdict per published claim.</summary>
    public required IReadOnlyList<ClaimVerdict> Verdicts { get; init; }

    /// <summary>The options used.</summary>
    public required StudyAnalysisOptions Options { get; init; }

    /// <summary>Runs the analysis.</summary>
    /// <param name="models">Measures of every trained model.</param>
    /// <param name="options">Measures and bootstrap settings (defaults when null).</param>
    /// <exception cref="ArgumentException">No models, or a measure that is not finite.</exception>
    public static StudyAnalysis Analyze(IReadOnlyList<ModelMeasures> models, StudyAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        options ??= new StudyAnalysisOptions();
        if (models.Count == 0)
        {
            throw new ArgumentException("The analysis needs at least one model.", nameof(models));
        }

        // Measures missing or undefined (NaN) for any model are left out of the correlations.
        var brainKeys = CommonKeys(models.Select(m => m.BrainSimilarity)).Where(k => models.All(m => double.IsFinite(m.BrainSimilarity[k]))).ToList();
        var robustKeys = CommonKeys(models.Select(m => m.Robustness)).Where(k => models.All(m => double.IsFinite(m.Robustness[k]))).ToList();
        var correlations = new List<MeasureCorrelation>();
        foreach (var b in brainKeys)
        {
            foreach (var r in robustKeys)
            {
                var rows = models.Select(m => new ModelObservation(m.Variant, m.Seed, m.BrainSimilarity[b], m.Robustness[r], m.CleanAccuracy)).ToList();
                correlations.Add(new MeasureCorrelation(b, r, CrossModelCorrelation.Estimate(rows, options.Samples, options.Seed, options.Confidence)));
            }
        }

        // Many pairs are tested at once (every brain score against every robustness measure, per-corruption and
        // per-property ones included): p-values are also given adjusted for the false-discovery rate over all of them.
        var pearsonQ = MultipleComparisons.BenjaminiHochberg([.. correlations.Select(c => c.Correlation.PearsonP)]);
        var spearmanQ = MultipleComparisons.BenjaminiHochberg([.. correlations.Select(c => c.Correlation.SpearmanP)]);
        for (int i = 0; i < correlations.Count; i++)
        {
            correlations[i] = correlations[i] with { PearsonQ = pearsonQ[i], SpearmanQ = spearmanQ[i] };
        }

        var contrasts = new List<VariantContrast>();
        var variants = models.Select(m => m.Variant).Distinct(StringComparer.Ordinal).ToList();
        if (variants.Contains(options.Baseline, StringComparer.Ordinal))
        {
            foreach (var measure in new[] { options.WhiteBoxMeasure, options.V1Score, options.V4Score })
            {
                foreach (var v in variants.Where(v => v != options.Baseline))
                {
                    var c = Contrast(models, v, options.Baseline, measure, options);
                    if (c is not null)
                    {
                        contrasts.Add(c);
                    }
                }
            }
        }

        return new StudyAnalysis
        {
            Models = models,
            Correlations = correlations,
            Contrasts = contrasts,
            Verdicts = JudgeClaims(correlations, contrasts, options),
            Options = options,
        };
    }

    /// <summary>
    /// Difference of a measure between two variants with a seed bootstrap interval; null when either variant lacks
    /// the measure. The measure is looked up among the robustness measures, then the brain scores, then
    /// <c>clean</c> (clean accuracy).
    /// </summary>
    /// <param name="models">Measures of every model.</param>
    /// <param name="variant">The variant.</param>
    /// <param name="reference">The reference variant.</param>
    /// <param name="measure">Measure name.</param>
    /// <param name="options">Bootstrap settings.</param>
    public static VariantContrast? Contrast(IReadOnlyList<ModelMeasures> models, string variant, string reference, string measure, StudyAnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        double[]? a = Values(models, variant, measure), b = Values(models, reference, measure);
        if (a is null || b is null)
        {
            return null;
        }

        var random = Rsa.SeededRandom.Create(options.Seed);
        var draws = new double[options.Samples];
        for (int s = 0; s < draws.Length; s++)
        {
            draws[s] = ResampledMean(a, random) - ResampledMean(b, random);
        }

        Array.Sort(draws);
        double alpha = (1 - options.Confidence) / 2;
        return new VariantContrast(variant, reference, measure, a.Average() - b.Average(), Quantiles.Linear(draws, alpha), Quantiles.Linear(draws, 1 - alpha), Math.Min(a.Length, b.Length));
    }

    private static double[]? Values(IReadOnlyList<ModelMeasures> models, string variant, string measure)
    {
        var values = new List<double>();
        foreach (var m in models.Where(m => m.Variant == variant).OrderBy(m => m.Seed))
        {
            if (m.Robustness.TryGetValue(measure, out double v) || m.BrainSimilarity.TryGetValue(measure, out v))
            {
                values.Add(v);
            }
            else if (measure == "clean")
            {
                values.Add(m.CleanAccuracy);
            }
            else
            {
                return null;
            }
        }

        return values.Count > 0 && values.All(double.IsFinite) ? [.. values] : null;
    }

    private static double ResampledMean(double[] values, Random random)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[random.Next(values.Length)];
        }

        return sum / values.Length;
    }

    private static List<ClaimVerdict> JudgeClaims(List<MeasureCorrelation> correlations, List<VariantContrast> contrasts, StudyAnalysisOptions o)
    {
        var verdicts = new List<ClaimVerdict>();
        var v1 = correlations.FirstOrDefault(c => c.BrainScore == o.V1Score && c.Robustness == o.WhiteBoxMeasure);
        verdicts.Add(v1 is null
            ? new ClaimVerdict("Models whose early layers better match V1 are more robust to white-box attacks.", "Dapello et al. 2020, Fig. 1", Verdict.NotTested, $"needs brain score '{o.V1Score}' and robustness measure '{o.WhiteBoxMeasure}'")
            : FromInterval("Models whose early layers better match V1 are more robust to white-box attacks.", "Dapello et al. 2020, Fig. 1",
                v1.Correlation.SpearmanLow, v1.Correlation.SpearmanHigh,
                $"Spearman rho {Num(v1.Correlation.Spearman)} [{Num(v1.Correlation.SpearmanLow)}, {Num(v1.Correlation.SpearmanHigh)}] across {v1.Correlation.Models} models; partial rho given clean accuracy {Num(v1.Correlation.PartialSpearman)} [{Num(v1.Correlation.PartialSpearmanLow)}, {Num(v1.Correlation.PartialSpearmanHigh)}]"));

        verdicts.Add(ContrastVerdict("A VOne front end makes the same backbone more robust to white-box attacks.", "Dapello et al. 2020, Fig. 3", contrasts, "vone", o.Baseline, o.WhiteBoxMeasure));
        var noise = contrasts.Count == 0 ? null : contrasts.FirstOrDefault(c => c.Variant == "vone" && c.Measure == o.WhiteBoxMeasure);
        var noNoise = contrasts.FirstOrDefault(c => c.Variant == "vone-nonoise" && c.Measure == o.WhiteBoxMeasure);
        if (noise is null || noNoise is null)
        {
            verdicts.Add(new ClaimVerdict("Stochasticity (V1 noise) is the main source of the VOne front end's white-box robustness.", "Dapello et al. 2020, Fig. 4", Verdict.NotTested, "needs the vone and vone-nonoise variants"));
        }
        else
        {
            // The claim holds when removing the noise loses more than half of the VOne gain over the baseline.
            double gain = noise.Difference, remaining = noNoise.Difference;
            var verdict = gain <= 0 ? Verdict.Inconclusive : remaining < gain / 2 ? (noNoise.High < noise.Low ? Verdict.Holds : Verdict.Inconclusive) : Verdict.DoesNotHold;
            verdicts.Add(new ClaimVerdict("Stochasticity (V1 noise) is the main source of the VOne front end's white-box robustness.", "Dapello et al. 2020, Fig. 4", verdict,
                $"gain over baseline with noise {Num(gain)} [{Num(noise.Low)}, {Num(noise.High)}], without noise {Num(remaining)} [{Num(noNoise.Low)}, {Num(noNoise.High)}]; holds when more than half the gain goes with the noise and the intervals separate"));
        }

        verdicts.Add(ContrastVerdict("Adversarial training with rotation invariance raises V4 predictivity.", "Berrios & Deza 2022", contrasts, "adv-rot", o.Baseline, o.V4Score));

        var main = correlations.Where(c => c.Robustness == o.WhiteBoxMeasure && double.IsFinite(c.Correlation.Spearman)).ToList();
        if (main.Count < 2)
        {
            verdicts.Add(new ClaimVerdict("The average alignment-robustness correlation is weak; only some benchmarks predict robustness.", "Hoak et al. 2025", Verdict.NotTested, "needs at least two brain benchmarks with defined correlations"));
        }
        else
        {
            double mean = main.Average(c => c.Correlation.Spearman);
            int predictive = main.Count(c => c.Correlation.SpearmanLow > 0 || c.Correlation.SpearmanHigh < 0);
            var verdict = Math.Abs(mean) < o.WeakCorrelation ? Verdict.Holds : Verdict.DoesNotHold;
            verdicts.Add(new ClaimVerdict("The average alignment-robustness correlation is weak; only some benchmarks predict robustness.", "Hoak et al. 2025", verdict,
                $"mean Spearman rho over {main.Count} brain scores against '{o.WhiteBoxMeasure}' is {Num(mean)} (weak when |rho| < {Num(o.WeakCorrelation)}); {predictive} of {main.Count} have an interval excluding 0"));
        }

        return verdicts;
    }

    private static ClaimVerdict ContrastVerdict(string claim, string source, List<VariantContrast> contrasts, string variant, string reference, string measure)
    {
        var c = contrasts.FirstOrDefault(x => x.Variant == variant && x.Reference == reference && x.Measure == measure);
        return c is null
            ? new ClaimVerdict(claim, source, Verdict.NotTested, $"needs variants '{variant}' and '{reference}' with measure '{measure}'")
            : FromInterval(claim, source, c.Low, c.High, $"{c} (seed bootstrap)");
    }

    private static ClaimVerdict FromInterval(string claim, string source, double low, double high, string evidence)
    {
        var verdict = double.IsNaN(low) || double.IsNaN(high) ? Verdict.Inconclusive
            : low > 0 ? Verdict.Holds
            : high < 0 ? Verdict.DoesNotHold
            : Verdict.Inconclusive;
        return new ClaimVerdict(claim, source, verdict, evidence + "; holds when the interval lies above 0, does not hold when below, inconclusive otherwise");
    }

    private static List<string> CommonKeys(IEnumerable<IReadOnlyDictionary<string, double>> maps)
    {
        HashSet<string>? common = null;
        foreach (var m in maps)
        {
            if (common is null)
            {
                common = [.. m.Keys];
            }
            else
            {
                common.IntersectWith(m.Keys);
            }
        }

        return common is null ? [] : [.. common.Order(StringComparer.Ordinal)];
    }

    private static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
