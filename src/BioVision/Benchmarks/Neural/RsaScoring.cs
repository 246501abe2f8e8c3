using System.Globalization;
using BioVision.Rsa;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Representational similarity of model layers to brain RDMs, as rsatoolbox evaluates fixed models: per layer the
/// mean over data RDMs of the RDM similarity (Spearman or Kendall τ-a), the leave-one-subject-out noise ceiling, and a
/// 95% percentile interval from a bootstrap over subjects and stimuli (stimuli only for a single data RDM, as
/// rsatoolbox's <c>eval_bootstrap_pattern</c>; copies of a resampled stimulus give missing dissimilarities).
/// </summary>
public static class RsaScoring
{
    /// <summary>Scores each model RDM against the data set.</summary>
    /// <param name="layers">Model RDMs, one per layer, names in the <c>name</c> descriptor (as <see cref="LayerActivations.Rdms"/> gives).</param>
    /// <param name="data">Brain RDMs.</param>
    /// <param name="options">Options (defaults when null).</param>
    /// <exception cref="ArgumentException">Model and data RDMs have different numbers of conditions.</exception>
    /// <remarks>
    /// With a single data RDM (one animal) there is no between-subject ceiling; the ceiling reported is then 1, the
    /// similarity of the data RDM to itself, and <see cref="DatasetScores.Note"/> says so.
    /// </remarks>
    public static DatasetScores Score(Rdms layers, RdmDataSet data, RsaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new RsaOptions();
        options.Validate();
        if (layers.Conditions != data.Data.Conditions)
        {
            throw new ArgumentException($"Model RDMs have {layers.Conditions} conditions, {data.Name} has {data.Data.Conditions}.", nameof(layers));
        }

        string[] names = Names(layers);
        var sim = RdmComparer.Compare(layers, data.Data, options.Method); // layers × data RDMs
        int subjects = data.Subjects;
        NoiseCeiling? ceiling = subjects >= 2 ? NoiseCeilings.LeaveOneOut(data.Data, options.Method, RdmDataSet.SubjectDescriptor) : null;

        var draws = Draws(subjects, data.Data.Conditions, options);
        var samples = new double[draws.Count][];
        Parallel.For(0, draws.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, d =>
            samples[d] = ModelEvaluation.EvaluateDraw(layers, data.Data, options.Method, draws[d], RdmDataSet.SubjectDescriptor).Evaluations.ToArray());

        var scores = new List<LayerScore>(names.Length);
        for (int j = 0; j < names.Length; j++)
        {
            double mean = Enumerable.Range(0, data.Data.Count).Average(i => sim[j, i]);
            var column = samples.Select(s => s[j]).Where(double.IsFinite).Order().ToArray();
            scores.Add(new LayerScore(names[j], mean, Percentile(column, 0.025), Percentile(column, 0.975)));
        }

        return new DatasetScores
        {
            Dataset = data.Name,
            Region = data.Region,
            Metric = "RSA " + MethodName(options.Method),
            Layers = scores,
            Ceiling = ceiling?.Lower ?? 1.0,
            CeilingUpper = ceiling?.Upper ?? 1.0,
            Interval = string.Create(CultureInfo.InvariantCulture,
                $"95% percentile bootstrap over {(subjects >= 2 ? "subjects and stimuli" : "stimuli")}, {options.BootstrapSamples} draws, seed {options.Seed}"),
            Note = subjects >= 2 ? null : "single data RDM: no between-subject noise ceiling; ceiling = 1 (the RDM's similarity to itself)",
        };
    }

    /// <summary>
    /// The Algonauts 2019 score of each layer: the mean over subjects of the squared Spearman correlation between the
    /// layer's and the subject's RDM (upper triangles), as a percentage of the data set's noise ceiling R².
    /// </summary>
    /// <param name="layers">Model RDMs with a <c>name</c> descriptor.</param>
    /// <param name="data">Algonauts RDMs (one per subject).</param>
    /// <param name="noiseCeilingR2">The noise ceiling R² (<see cref="NeuralData.AlgonautsNoiseCeiling"/>).</param>
    public static IReadOnlyList<LayerScore> AlgonautsScore(Rdms layers, RdmDataSet data, double noiseCeilingR2)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(noiseCeilingR2);
        var sim = RdmComparer.Compare(layers, data.Data, ComparisonMethod.Spearman);
        string[] names = Names(layers);
        int n = data.Data.Count;
        var result = new List<LayerScore>(names.Length);
        for (int j = 0; j < names.Length; j++)
        {
            var r2 = Enumerable.Range(0, n).Select(i => sim[j, i] * sim[j, i]).ToArray();
            double mean = r2.Average();
            double sem = Math.Sqrt(r2.Sum(v => (v - mean) * (v - mean)) / (n - 1) / n);
            double scale = 100 / noiseCeilingR2;
            result.Add(new LayerScore(names[j], mean * scale, (mean - (1.96 * sem)) * scale, (mean + (1.96 * sem)) * scale));
        }

        return result;
    }

    internal static string MethodName(ComparisonMethod method) => method == ComparisonMethod.KendallTauA ? "Kendall tau-a" : method.ToString();

    internal static string[] Names(Rdms layers) => layers.DescriptorNames.Contains("name")
        ? [.. layers.Descriptor("name")]
        : [.. Enumerable.Range(0, layers.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    internal static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        // Linear interpolation between order statistics (numpy's default percentile).
        double position = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }

    private static List<BootstrapDraw> Draws(int subjects, int conditions, RsaOptions options)
    {
        var rng = Rsa.SeededRandom.Create(options.Seed);
        var draws = new List<BootstrapDraw>(options.BootstrapSamples);
        for (int s = 0; s < options.BootstrapSamples; s++)
        {
            int[]? r = subjects >= 2 ? [.. Enumerable.Range(0, subjects).Select(_ => rng.Next(subjects))] : null;
            int[] p = [.. Enumerable.Range(0, conditions).Select(_ => rng.Next(conditions))];
            draws.Add(new BootstrapDraw(r, p));
        }

        return draws;
    }
}
