using BioVision.Models;
using BioVision.Runs;
using System.Diagnostics;
using BioVision.Benchmarks.V1Properties;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>
/// Stage 2: the Marques et al. (2021) V1 property benchmarks on the model's V1-like layer, shown gratings in the
/// model's own field of view. The measured layer is fixed before looking at scores: the V1 block's output for VOne
/// variants (<c>vone_block</c>) and the first convolution-batch norm-ReLU output for the plain SmallCnn (<c>features.2</c>), both at
/// full image resolution. Every variant sees the same visual angle (the scaled front end's 28 pixels per degree).
/// </summary>
public static class V1PropertiesStage
{
    /// <summary>File of the full V1 benchmark result inside the model's folder.</summary>
    public const string ResultFile = "v1-properties.json";

    /// <summary>The layer measured for a variant.</summary>
    /// <param name="variant">The variant.</param>
    public static string LayerFor(StudyVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return !variant.VOne ? "features.2" : variant.FrontEnd == FrontEndKind.EVNet ? "voneblock" : "vone_block";
    }

    /// <summary>Measures the trained model of <paramref name="task"/>.</summary>
    /// <param name="context">The study.</param>
    /// <param name="task">A V1 properties task.</param>
    /// <param name="progress">Receives the fraction of stimuli shown.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public static StageResult Run(StudyContext context, StudyTask task, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        var variant = context.Plan.Variant(task.Variant);
        var spec = context.Spec(variant);
        string layer = LayerFor(variant);
        using var loaded = context.LoadTrained(task);
        var model = loaded.Model;
        double degrees = spec.ImageSize / BioVision.V1.ScaledFrontEnd.ReferencePixelsPerDegree;

        double position = MarquesStimuli.PositionFor(degrees);
        var options = new V1PropertiesOptions
        {
            Screen = new ScreenGeometry { ImageSize = spec.ImageSize, Channels = spec.InputChannels, VisualDegrees = degrees },
            PositionX = position,
            PositionY = position,
            Trials = context.Options.BrainTrials,
            MappingTrials = context.Options.BrainTrials,
            MaxUnitsPerLayer = context.Options.V1Units,
            Seed = task.Seed,
        };
        var reporter = progress is null ? null : new InlineProgress<RunProgress>(p => progress.Report(p.Fraction));
        // The recorded responses go to the model's run store as they come, so a killed task continues from its last save.
        var result = V1PropertiesBenchmark.Run(model, task.ModelId, [layer], options, context.Device,
            Path.Combine(context.Store.ModelDirectory(task), "v1-responses"), reporter, cancellationToken);
        string path = Path.Combine(context.Store.ModelDirectory(task), ResultFile);
        AtomicFile.WriteAllText(path, result.ToJson());
        var measured = result.Layers[0];
        var measures = new Dictionary<string, double> { ["v1"] = measured.Score };
        foreach (var s in measured.Scores)
        {
            measures["v1." + s.Property] = s.Ceiled;
        }

        return new StageResult(StudyStage.V1Properties, measures, Path.GetRelativePath(context.Store.Directory, path), watch.Elapsed.TotalSeconds);
    }
}
