using BioVision.Runs;
using System.Diagnostics;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>Stage 0: trains a model with the family's recipe into its run folder (checkpointed per epoch, resumed after a kill).</summary>
public static class TrainStage
{
    /// <summary>Trains the model of <paramref name="task"/> and returns its clean test accuracy (<c>clean</c>).</summary>
    /// <param name="context">The study.</param>
    /// <param name="task">A training task.</param>
    /// <param name="progress">Receives the fraction of training done.</param>
    /// <param name="cancellationToken">Stops at the next epoch boundary (the checkpoint is kept).</param>
    /// <exception cref="OperationCanceledException">Training was stopped before its last epoch.</exception>
    public static StageResult Run(StudyContext context, StudyTask task, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        var variant = context.Plan.Variant(task.Variant);
        var spec = context.Spec(variant);
        var recipe = context.Recipe(variant, task.Seed, context.Store.RunDirectory(task));
        var trainer = new Trainer(spec, recipe);
        var reporter = progress is null ? null : new InlineProgress<TrainingProgress>(p => progress.Report(p.Epochs == 0 ? 0 : Math.Clamp(p.Done / p.Epochs, 0, 1)));
        var result = trainer.Fit(context.Train, context.Test, reporter, cancellationToken);
        trainer.Model?.Dispose();
        if (!result.Completed)
        {
            throw new OperationCanceledException($"Training of {task.ModelId} stopped after epoch {result.History.Count}; rerun to continue.");
        }

        var last = result.History[^1];
        return new StageResult(StudyStage.Train, new Dictionary<string, double>
        {
            ["clean"] = last.TestAccuracy,
            ["train-accuracy"] = last.TrainAccuracy,
        }, Path.GetRelativePath(context.Store.Directory, context.Store.RunDirectory(task)), watch.Elapsed.TotalSeconds);
    }
}
