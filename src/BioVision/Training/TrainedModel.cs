using BioVision.Models;
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
    /// <summary>
    /// The one loader every command uses: a run folder whose checkpoint records its spec is rebuilt exactly; an older run
    /// folder that records only its model's name ("VOne-ResNet18") is rebuilt from that name on <paramref name="fallback"/>;
    /// a bare weights file is loaded into <paramref name="fallback"/>. The model is returned in evaluation mode.
    /// </summary>
    /// <param name="path">A run folder or a weights file.</param>
    /// <param name="device">Device for the model.</param>
    /// <param name="fallback">The spec of a bare weights file, or the rest of an older checkpoint's spec (size, width, classes); null when only recorded specs are accepted.</param>
    /// <exception cref="DataFormatException">No such folder or file, no checkpoint, an unknown model name, or weights that do not fit; the message names the path and what to pass.</exception>
    public static LoadedModel Open(string path, Device device, ModelSpec? fallback = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(device);
        string weights;
        ModelSpec spec;
        CheckpointState? state = null;
        if (Directory.Exists(path))
        {
            state = TrainingCheckpoint.TryRead(path)
                ?? throw new DataFormatException($"'{path}' holds no {TrainingCheckpoint.FileName}: is it a run folder written by `biovision train`?");
            spec = state.Recipe is { Model.Length: > 0 } ? SpecOf(state, path)
                : fallback is not null ? ModelSpec.FromName(state.Model, fallback)
                : throw new DataFormatException($"The checkpoint in '{path}' records no model spec (written before recipes were recorded); pass the model's options or retrain it with this version.");
            weights = Path.Combine(path, state.ModelFile);
        }
        else if (File.Exists(path))
        {
            spec = fallback ?? throw new DataFormatException($"'{path}' is a bare weights file: the model's spec (backbone, front end, width, size) must be given.");
            weights = path;
        }
        else
        {
            throw new DataFormatException($"No run folder or weights file at '{path}'.");
        }

        var model = ModelFactory.Create(spec, device);
        try
        {
            model.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new DataFormatException($"Could not load '{weights}' into {spec.Name} ({spec.ImageSize} px, {spec.InputChannels} channels, {spec.Classes} classes, width {spec.Width}): {e.Message.Split('\n')[0]}. Pass the options it was trained with.", e);
        }

        model.eval();
        string name = spec.Name + (spec.Backbone == Models.BackboneKind.SmallCnn ? $" (width {spec.Width})" : "")
            + (state is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({Path.GetFileName(Path.GetFullPath(path).TrimEnd('/'))}, epoch {state.Epoch})"));
        return new LoadedModel(model, spec, state, name);
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

/// <summary>A model loaded by <see cref="TrainedModel.Open"/>: the module (evaluation mode), its spec, its checkpoint (null for a bare weights file) and a display name.</summary>
/// <param name="Model">The module; the caller owns it (<see cref="Dispose"/>).</param>
/// <param name="Spec">The spec it was built from.</param>
/// <param name="State">The checkpoint it came from, or null.</param>
/// <param name="Name">A display name ("SmallCnn (width 16) (run, epoch 3)").</param>
public sealed record LoadedModel(nn.Module<Tensor, Tensor> Model, ModelSpec Spec, CheckpointState? State, string Name) : IDisposable
{
    /// <summary>The dataset the run was trained on, as its recipe records it; null for a bare weights file or a run written before runs recorded it.</summary>
    public DatasetSource? Dataset => State?.Recipe?.Dataset;

    /// <summary>The spec as JSON: what the weights do not show, for fingerprints.</summary>
    public string Description => TrainingRecipe.Describe(Spec);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
