using BioVision.Runs;
using System.Diagnostics;
using BioVision.Benchmarks.Neural;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>
/// Stage 3: the neural benchmarks on recorded data (IT RSA on the 92 images with the Algonauts score, V4 predictivity,
/// RSA and CKA on the Cowley images, mouse V1 as weak data), with the layer of each region chosen on held-out data
/// (see <see cref="NeuralBenchmark"/>). Needs the shared data folder; off unless <see cref="StudyOptions.NeuralData"/>.
/// </summary>
public static class NeuralStage
{
    /// <summary>File of the full neural benchmark result inside the model's folder.</summary>
    public const string ResultFile = "neural-benchmark.json";

    /// <summary>Measures the trained model of <paramref name="task"/>.</summary>
    /// <param name="context">The study.</param>
    /// <param name="task">A neural task.</param>
    /// <param name="progress">Receives the fraction done.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static StageResult Run(StudyContext context, StudyTask task, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        var spec = context.Spec(context.Plan.Variant(task.Variant));
        using var loaded = context.LoadTrained(task);
        var model = loaded.Model;
        var options = new NeuralBenchmarkOptions
        {
            Extraction = new ExtractionOptions { NoiseDraws = context.Options.BrainTrials, Seed = task.Seed },
            V4MaxImages = context.Options.V4Images,
            Sets = context.Options.NeuralSets,
        };
        var reporter = progress is null ? null : new InlineProgress<RunProgress>(p => progress.Report(p.Fraction));
        var result = NeuralBenchmark.Run(model, task.ModelId, ModelInput.For(spec), options, reporter, cancellationToken);
        string path = Path.Combine(context.Store.ModelDirectory(task), ResultFile);
        AtomicFile.WriteAllText(path, result.ToJson());
        var measures = new Dictionary<string, double>();
        foreach (var region in result.Regions)
        {
            measures[Key(region)] = region.CeiledScore ?? region.Score.Score;
        }

        return new StageResult(StudyStage.Neural, measures, Path.GetRelativePath(context.Store.Directory, path), watch.Elapsed.TotalSeconds);
    }

    /// <summary>Measure name of a region's score: "V4 (PLS)" becomes <c>v4.pls</c>, "IT (monkey)" <c>it.monkey</c>.</summary>
    /// <param name="region">A region result.</param>
    public static string Key(RegionResult region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.Region.ToLowerInvariant().Replace(" (", ".", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal).Replace(' ', '-');
    }
}
