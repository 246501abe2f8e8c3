using BioVision.Runs;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>
/// The study folder: the plan, one folder per model with its training run and one JSON result per later stage, and
/// the report. A task is done exactly when its result file exists; results are written atomically (temporary file,
/// then rename), so a task killed at any point is either done or not, never half-written, and rerunning the study
/// runs only what is missing.
/// </summary>
/// <remarks>
/// Layout: <c>plan.json</c>; <c>models/&lt;variant&gt;-s&lt;seed&gt;/run/</c> (the training run folder with its
/// checkpoints, resumable by the trainer itself) and <c>models/&lt;variant&gt;-s&lt;seed&gt;/&lt;stage&gt;.json</c>;
/// <c>report/</c> (written by collect).
/// </remarks>
/// <param name="directory">The study folder.</param>
public sealed class StudyStore(string directory)
{
    /// <summary>The study folder (absolute).</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Path of the saved plan.</summary>
    public string PlanPath => Path.Combine(Directory, "plan.json");

    /// <summary>Folder of the report written by collect.</summary>
    public string ReportDirectory => Path.Combine(Directory, "report");

    /// <summary>Folder of a model (variant x seed).</summary>
    /// <param name="task">Any task of the model.</param>
    public string ModelDirectory(StudyTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Path.Combine(Directory, "models", task.ModelId);
    }

    /// <summary>The training run folder of the model (checkpoints, metrics).</summary>
    /// <param name="task">Any task of the model.</param>
    public string RunDirectory(StudyTask task) => Path.Combine(ModelDirectory(task), "run");

    /// <summary>Path of the task's result file.</summary>
    /// <param name="task">The task.</param>
    public string ResultPath(StudyTask task) => Path.Combine(ModelDirectory(task), task.Stage.ToString().ToLowerInvariant() + ".json");

    /// <summary>True when the task's result exists.</summary>
    /// <param name="task">The task.</param>
    public bool IsDone(StudyTask task) => File.Exists(ResultPath(task));

    /// <summary>Writes the task's result atomically (this marks the task done).</summary>
    /// <typeparam name="T">Result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <param name="result">The result.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of the result type.</param>
    public void Save<T>(StudyTask task, T result, JsonTypeInfo<T> typeInfo)
    {
        System.IO.Directory.CreateDirectory(ModelDirectory(task));
        AtomicFile.WriteAllText(ResultPath(task), JsonSerializer.Serialize(result, typeInfo));
    }

    /// <summary>Reads the task's result.</summary>
    /// <typeparam name="T">Result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of the result type.</param>
    /// <exception cref="InvalidOperationException">The task is not done, or its file is not a valid result (the message names the file).</exception>
    public T Load<T>(StudyTask task, JsonTypeInfo<T> typeInfo)
    {
        string path = ResultPath(task);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Task {task} has no result yet ({path}); run it first.");
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), typeInfo)
                ?? throw new InvalidOperationException($"Result file {path} of task {task} is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Result file {path} of task {task} is not valid: {e.Message} Delete it to rerun the task.", e);
        }
    }
}
