using BioVision.Runs;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// Saves and restores training checkpoints in an output folder. Weights and optimiser state go to files named after
/// the epoch, each written atomically (temporary file, then rename); <c>checkpoint.json</c>, which names them, is
/// replaced atomically last. A run killed at any moment therefore leaves a consistent checkpoint: the previous one or
/// the new one. Files of older checkpoints are deleted after the new JSON is in place.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The checkpoint index file.</summary>
    public const string FileName = "checkpoint.json";

    /// <summary>Writes a checkpoint.</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="state">Progress and random state; the file names are filled in here.</param>
    public static CheckpointState Save(string directory, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        Directory.CreateDirectory(directory);
        CleanStaleTemporaries(directory);
        string stem = string.Create(CultureInfo.InvariantCulture, $"checkpoint-e{state.Epoch:D4}");
        var saved = state with { ModelFile = stem + ".model.bin", OptimizerFile = stem + ".optimizer.bin" };
        AtomicFile.Write(Path.Combine(directory, saved.ModelFile), path => model.save(path));
        AtomicFile.Write(Path.Combine(directory, saved.OptimizerFile), path => TrainingOptimizer.Save(optimizer, path));
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(saved, TrainingJsonContext.Default.CheckpointState));
        foreach (string old in Directory.GetFiles(directory, "checkpoint-e*.bin"))
        {
            string name = Path.GetFileName(old);
            if (name != saved.ModelFile && name != saved.OptimizerFile)
            {
                File.Delete(old);
            }
        }

        return saved;
    }

    /// <summary>Deletes temporary files (<c>*.tmp</c>) that a killed run left in an output folder.</summary>
    /// <param name="directory">The output folder.</param>
    /// <returns>How many were deleted.</returns>
    public static int CleanStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string stale in Directory.GetFiles(directory, "*.tmp"))
        {
            File.Delete(stale);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Reads the checkpoint index of a folder, or null when there is none.</summary>
    /// <param name="directory">The output folder.</param>
    /// <exception cref="DataFormatException">The index exists but cannot be read or names missing files.</exception>
    public static CheckpointState? TryRead(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllText(path), TrainingJsonContext.Default.CheckpointState);
        }
        catch (JsonException e)
        {
            throw new DataFormatException($"Checkpoint index '{path}' is not valid JSON: {e.Message}", e);
        }

        if (state is null || !File.Exists(Path.Combine(directory, state.ModelFile)) || !File.Exists(Path.Combine(directory, state.OptimizerFile)))
        {
            throw new DataFormatException($"Checkpoint index '{path}' names model/optimiser files that are missing from '{directory}'.");
        }

        return state;
    }

    /// <summary>Loads the weights and optimiser state a checkpoint names.</summary>
    /// <param name="directory">The output folder.</param>
    /// <param name="state">The checkpoint index.</param>
    /// <param name="model">The model to load into (same architecture).</param>
    /// <param name="optimizer">The optimiser to load into (same kind, over the model's parameters).</param>
    /// <param name="options">The recipe of the run that resumes (its optimiser hyper-parameters are kept).</param>
    /// <param name="device">The model's device.</param>
    public static void Restore(string directory, CheckpointState state, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingOptions options, Device device)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        foreach (var (file, load) in new (string, Action<string>)[] { (state.ModelFile, f => model.load(f)), (state.OptimizerFile, f => TrainingOptimizer.Load(optimizer, f, options, device)) })
        {
            string path = Path.Combine(directory, file);
            try
            {
                load(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new DataFormatException($"Checkpoint file '{path}' cannot be loaded (corrupt, truncated or for another model): {e.Message}", e);
            }
        }
    }
}
