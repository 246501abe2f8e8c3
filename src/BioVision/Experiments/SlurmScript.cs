using BioVision.Runs;
using System.Globalization;
using System.Text;
using BioVision.Training;

namespace BioVision.Experiments;

/// <summary>
/// Writes the study as Slurm array jobs. Slurm does the scheduling; BioVision only says what each array index runs.
/// </summary>
/// <remarks>
/// Two files are written into the study folder. <c>study.sbatch</c> is one array job of the M models of one stage; its
/// first argument is the stage number s, and array index m runs <c>reproduce --task s·M+m</c> (the plan is
/// stage-major). <c>submit.sh</c> submits the training array, then one array per later stage with
/// <c>--dependency=aftercorr:&lt;training job&gt;</c> (array index m starts when training index m has succeeded), and
/// finally <c>reproduce collect</c> after every array (<c>afterok</c>). Every task is idempotent, so resubmitting
/// after failures re-runs only what is missing. Outside Slurm, <c>study.sbatch</c> runs as a plain bash script:
/// <c>SLURM_ARRAY_TASK_ID=m bash study.sbatch s</c>.
/// </remarks>
public static class SlurmScript
{
    /// <summary>File name of the array job script.</summary>
    public const string ArrayScriptName = "study.sbatch";

    /// <summary>File name of the submission driver.</summary>
    public const string SubmitScriptName = "submit.sh";

    /// <summary>Writes <c>study.sbatch</c> and <c>submit.sh</c> into <paramref name="studyDirectory"/> (atomically) and returns their paths.</summary>
    /// <param name="plan">The study plan.</param>
    /// <param name="studyDirectory">The study folder (it must hold the plan, see <see cref="StudyStore"/>).</param>
    /// <param name="options">Resources and the command to run.</param>
    public static (string ArrayScript, string SubmitScript) Write(StudyPlan plan, string studyDirectory, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(studyDirectory);
        string dir = Path.GetFullPath(studyDirectory);
        string array = Path.Combine(dir, ArrayScriptName);
        string submit = Path.Combine(dir, SubmitScriptName);
        AtomicFile.WriteAllText(array, ArrayScript(plan, dir, options));
        AtomicFile.WriteAllText(submit, SubmitScript(plan, dir, options));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var f in new[] { array, submit })
            {
                File.SetUnixFileMode(f, File.GetUnixFileMode(f) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return (array, submit);
    }

    /// <summary>Text of the array job script.</summary>
    /// <param name="plan">The study plan.</param>
    /// <param name="studyDirectory">Absolute study folder.</param>
    /// <param name="options">Resources and command.</param>
    public static string ArrayScript(StudyPlan plan, string studyDirectory, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append("# One stage of the BioVision reproduction study for every model, as a Slurm array (written by biovision reproduce --slurm).\n");
        s.Append("# Usage: sbatch --array=0-").Append(plan.ModelCount - 1).Append(" study.sbatch <stage>   (submit.sh does this for every stage)\n");
        s.Append("# Stages: ").Append(string.Join(", ", plan.Stages.Select((st, i) => $"{i} = {st}"))).Append('\n');
        s.Append("#SBATCH --job-name=biovision-study\n");
        s.Append("#SBATCH --output=").Append(Path.Combine(studyDirectory, "logs", "%x-%A_%a.out")).Append('\n');
        s.Append("#SBATCH --time=").Append(options.Time).Append('\n');
        s.Append("#SBATCH --cpus-per-task=").Append(options.CpusPerTask.ToString(CultureInfo.InvariantCulture)).Append('\n');
        s.Append("#SBATCH --mem=").Append(options.Memory).Append('\n');
        if (options.Partition is not null)
        {
            s.Append("#SBATCH --partition=").Append(options.Partition).Append('\n');
        }

        if (options.Gpus > 0)
        {
            s.Append("#SBATCH --gres=gpu:").Append(options.Gpus.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        s.Append("set -euo pipefail\n");
        s.Append("stage=\"${1:?usage: study.sbatch <stage number>}\"\n");
        s.Append(": \"${SLURM_ARRAY_TASK_ID:?SLURM_ARRAY_TASK_ID is not set (submit with sbatch --array, or set it to run one task by hand)}\"\n");
        s.Append("models=").Append(plan.ModelCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        s.Append("task=$(( stage * models + SLURM_ARRAY_TASK_ID ))\n");
        s.Append("exec ").Append(options.Command).Append(" reproduce --out ").Append(Quote(studyDirectory)).Append(" --task \"$task\"\n");
        return s.ToString();
    }

    /// <summary>Text of the submission driver.</summary>
    /// <param name="plan">The study plan.</param>
    /// <param name="studyDirectory">Absolute study folder.</param>
    /// <param name="options">Resources and command.</param>
    public static string SubmitScript(StudyPlan plan, string studyDirectory, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        string range = $"0-{plan.ModelCount - 1}" + (options.MaxConcurrent > 0 ? $"%{options.MaxConcurrent}" : string.Empty);
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append("# Submits the BioVision reproduction study: the training array, every later stage as an array that starts\n");
        s.Append("# model by model when that model's training has succeeded (aftercorr), then collect (afterok).\n");
        s.Append("set -euo pipefail\n");
        s.Append("cd ").Append(Quote(studyDirectory)).Append('\n');
        s.Append("mkdir -p logs\n");
        s.Append("train=$(sbatch --parsable --array=").Append(range).Append(" ").Append(ArrayScriptName).Append(" 0)\n");
        s.Append("after=\"$train\"\n");
        for (int stage = 1; stage < plan.Stages.Count; stage++)
        {
            s.Append("job=$(sbatch --parsable --array=").Append(range).Append(" --dependency=aftercorr:\"$train\" ").Append(ArrayScriptName).Append(' ')
                .Append(stage.ToString(CultureInfo.InvariantCulture)).Append(")   # ").Append(plan.Stages[stage]).Append('\n');
            s.Append("after=\"$after:$job\"\n");
        }

        s.Append("sbatch --parsable --job-name=biovision-collect --output=logs/collect-%j.out --dependency=afterok:\"$after\" --wrap ")
            .Append(Quote($"{options.Command} reproduce collect --out {Quote(studyDirectory)}")).Append('\n');
        return s.ToString();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
