namespace BioVision.Experiments;

/// <summary>Resources and command for the Slurm scripts written by <see cref="SlurmScript"/>.</summary>
public sealed record SlurmOptions
{
    /// <summary>Command that runs BioVision's CLI on the cluster (default <c>biovision</c>, the installed tool).</summary>
    public string Command { get; init; } = "biovision";

    /// <summary>Partition (<c>--partition</c>); none when null.</summary>
    public string? Partition { get; init; }

    /// <summary>Wall-time limit per task (<c>--time</c>).</summary>
    public string Time { get; init; } = "04:00:00";

    /// <summary>CPU cores per task (<c>--cpus-per-task</c>).</summary>
    public int CpusPerTask { get; init; } = 4;

    /// <summary>Memory per task (<c>--mem</c>).</summary>
    public string Memory { get; init; } = "8G";

    /// <summary>GPUs per task (<c>--gres=gpu:N</c>); 0 for none.</summary>
    public int Gpus { get; init; }

    /// <summary>Maximum number of array tasks running at once (<c>%N</c> in <c>--array</c>); 0 for no limit.</summary>
    public int MaxConcurrent { get; init; }

    /// <summary>Checks the options before they are written into a script.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A count is out of range, or a text is empty or holds whitespace or quotes (the message names the option).</exception>
    public SlurmOptions Validate()
    {
        if (CpusPerTask < 1 || Gpus < 0 || MaxConcurrent < 0)
        {
            throw new ArgumentException($"Slurm CPUs per task must be at least 1 and GPUs and the concurrency limit not negative (got {CpusPerTask}, {Gpus}, {MaxConcurrent}).");
        }

        foreach (var (name, value) in new[] { ("time", Time), ("memory", Memory), ("partition", Partition ?? "x") })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`'))
            {
                throw new ArgumentException($"Slurm {name} '{value}' must be one word without quotes or '$'.");
            }
        }

        if (string.IsNullOrWhiteSpace(Command) || Command.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The Slurm command must be one non-empty line.");
        }

        return this;
    }
}
