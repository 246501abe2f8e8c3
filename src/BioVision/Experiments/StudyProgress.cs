using System.Globalization;
using BioVision.Runs;

namespace BioVision.Experiments;

/// <summary>Progress of a study: which task runs, how far it is, and how many tasks are done overall (a <see cref="RunProgress"/> counting tasks).</summary>
/// <param name="Task">The running task.</param>
/// <param name="TasksDone">Tasks of the plan already done (cached or just finished).</param>
/// <param name="TaskCount">Tasks in the plan.</param>
/// <param name="TaskFraction">Progress of the running task in [0, 1].</param>
/// <param name="Message">Short description of what the task is doing.</param>
public sealed record StudyProgress(StudyTask Task, int TasksDone, int TaskCount, double TaskFraction, string Message)
    : RunProgress(StageOf(Task, Message), Message == Finished ? TasksDone : TasksDone + Math.Clamp(TaskFraction, 0, 1), TaskCount, "tasks",
        string.Create(CultureInfo.InvariantCulture, $"task {Task.Index + 1} of {TaskCount}"))
{
    /// <summary>The <see cref="Message"/> of the report sent once when a task has finished and its result is saved.</summary>
    public const string Finished = "finished";

    private static string StageOf(StudyTask task, string message)
    {
        ArgumentNullException.ThrowIfNull(task);
        string stage = task.Stage switch
        {
            StudyStage.Train => "training",
            StudyStage.Robustness => "robustness",
            StudyStage.V1Properties => "V1 properties",
            StudyStage.Neural => "neural benchmarks",
            _ => task.Stage.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{task.Variant} (seed {task.Seed}): {stage}{(message == Finished ? " done" : "")}");
    }
}
