namespace BioVision.Experiments;

/// <summary>Progress of a study: which task runs, how far it is, and how many tasks are done overall.</summary>
/// <param name="Task">The running task.</param>
/// <param name="TasksDone">Tasks of the plan already done (cached or just finished).</param>
/// <param name="TaskCount">Tasks in the plan.</param>
/// <param name="Fraction">Progress of the running task in [0, 1].</param>
/// <param name="Message">Short description of what the task is doing.</param>
public sealed record StudyProgress(StudyTask Task, int TasksDone, int TaskCount, double Fraction, string Message)
{
    /// <summary>The <see cref="Message"/> of the report sent once when a task has finished and its result is saved.</summary>
    public const string Finished = "finished";
}
