using System.Text.Json;
using BioVision.Data;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Rebuilds the model of a training run folder from the recipe its checkpoint records (<see cref="TrainingRecipe.Model"/>,
/// the full <see cref="ModelSpec"/>) and loads the checkpoint's weights: the one way every command and the study load a
/// trained model.
/// </summary>
public static class TrainedModel
{
    /// <summary>Loads the last checkpoint of <paramref name="runDirectory"/> in evaluation mode.</summary>
    /// <param name="runDirectory">A folder written by <see cref="Trainer"/> (holds <c>checkpoint.json</c>).</param>
    /// <param name="device">Device for the model.</param>
    /// <exception cref="DataFormatException">No checkpoint, a checkpoint without a recipe (written before recipes were recorded), or weights that do not fit the recorded spec; the message names the folder.</exception>
    public static (nn.Module<Tensor, Tensor> Model, ModelSpec Spec, CheckpointState State) Load(string runDirectory, Device device)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(device);
        if (!Directory.Exists(runDirectory))
        {
            throw new DataFormatException($"Run folder '{runDirectory}' does not exist.");
        }

        var state = TrainingCheckpoint.TryRead(runDirectory)
            ?? throw new DataFormatException($"'{runDirectory}' holds no {TrainingCheckpoint.FileName}: is it a run folder written by `biovision train`?");
        var spec = SpecOf(state, runDirectory);
        var model = ModelFactory.Create(spec, device);
        try
        {
            model.load(Path.Combine(runDirectory, state.ModelFile));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new DataFormatException($"Could not load '{Path.Combine(runDirectory, state.ModelFile)}' into {spec.Name}: {e.Message}", e);
        }

        model.eval();
        return (model, spec, state);
    }

    /// <summary>The model spec a checkpoint records.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <param name="runDirectory">Its folder (for messages).</param>
    /// <exception cref="DataFormatException">The checkpoint records no spec, or an unreadable one.</exception>
    public static ModelSpec SpecOf(CheckpointState state, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Recipe is not { Model.Length: > 0 } recipe)
        {
            throw new DataFormatException($"The checkpoint in '{runDirectory}' records no model spec (written before recipes were recorded); retrain it with this version.");
        }

        try
        {
            return JsonSerializer.Deserialize(recipe.Model, TrainingJsonContext.Default.ModelSpec)
                ?? throw new DataFormatException($"The checkpoint in '{runDirectory}' records an empty model spec.");
        }
        catch (JsonException e)
        {
            throw new DataFormatException($"The checkpoint in '{runDirectory}' records an unreadable model spec: {e.Message}", e);
        }
    }
}
