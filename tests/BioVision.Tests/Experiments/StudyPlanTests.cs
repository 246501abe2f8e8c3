using System.Diagnostics;
using System.Text.Json;
using BioVision.Experiments;
using Xunit;

namespace BioVision.Tests.Experiments;

public class StudyPlanTests
{
    private static StudyPlan Plan() => StudyPlan.Create(StudyFamily.Standard(), [0, 1]);

    [Fact]
    public void Standard_family_has_at_least_ten_distinct_valid_variants_with_the_same_v1_size()
    {
        var family = StudyFamily.Standard();
        Assert.True(family.Count >= 10);
        Assert.Equal(family.Count, family.Select(v => v.Name).Distinct().Count());
        Assert.All(family.Where(v => v.VOne), v => Assert.Equal(64, v.SimpleChannels!.Value + v.ComplexChannels!.Value));
        Assert.Equal(StudyFamily.BaselineName, family[0].Name);
    }

    [Fact]
    public void Tasks_are_stage_major_and_Task_inverts_the_index()
    {
        var plan = Plan();
        var tasks = plan.Tasks;
        Assert.Equal(plan.ModelCount * 4, tasks.Count);
        Assert.All(tasks.Take(plan.ModelCount), t => Assert.Equal(StudyStage.Train, t.Stage));
        Assert.Equal(tasks.Count, tasks.Select(t => t.Id).Distinct().Count());
        foreach (var t in tasks)
        {
            Assert.Equal(t, plan.Task(t.Index));
            var train = plan.TrainingTaskOf(t);
            Assert.Equal((StudyStage.Train, t.ModelId), (train.Stage, train.ModelId));
        }

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => plan.Task(tasks.Count));
        Assert.Contains($"0 to {tasks.Count - 1}", ex.Message);
    }

    [Fact]
    public void Invalid_plans_are_refused_with_the_reason()
    {
        var family = StudyFamily.Standard();
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => StudyPlan.Create([family[0], family[0]], [0])).Message);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => StudyPlan.Create(family, [1, 1])).Message);
        Assert.Contains("start with Train", Assert.Throws<ArgumentException>(() => StudyPlan.Create(family, [0], [StudyStage.Robustness])).Message);
        Assert.Throws<ArgumentException>(() => StudyPlan.Create([family[0] with { Name = "Bad Name" }], [0]));
    }

    [Fact]
    public void Plan_round_trips_through_json()
    {
        var plan = Plan();
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(plan, ExperimentsJsonContext.Default.StudyPlan), ExperimentsJsonContext.Default.StudyPlan)!;
        Assert.Equal(plan.Tasks, back.Tasks);
        Assert.Equal(plan.Variants, back.Variants);
    }

    [Fact]
    public void Store_marks_a_task_done_only_when_its_result_is_written()
    {
        string dir = Path.Combine(Path.GetTempPath(), "biovision-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new StudyStore(dir);
            var task = Plan().Task(30);
            Assert.False(store.IsDone(task));
            Assert.Contains("no result yet", Assert.Throws<InvalidOperationException>(() => store.Load(task, ExperimentsJsonContext.Default.ModelMeasures)).Message);
            var m = new ModelMeasures(task.Variant, task.Seed, 0.9, new Dictionary<string, double> { ["whitebox"] = 0.2 }, new Dictionary<string, double> { ["v1"] = double.NaN });
            store.Save(task, m, ExperimentsJsonContext.Default.ModelMeasures);
            Assert.True(store.IsDone(task));
            var back = store.Load(task, ExperimentsJsonContext.Default.ModelMeasures);
            Assert.Equal(0.2, back.Robustness["whitebox"]);
            Assert.True(double.IsNaN(back.BrainSimilarity["v1"]));
            Assert.Empty(Directory.GetFiles(store.ModelDirectory(task), "*.tmp"));
            File.WriteAllText(store.ResultPath(task), "{ not json");
            Assert.Contains(store.ResultPath(task), Assert.Throws<InvalidOperationException>(() => store.Load(task, ExperimentsJsonContext.Default.ModelMeasures)).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Stage_detail_files_never_share_a_name_with_a_stage_result()
    {
        // A stage writes its cached result (StudyStore.ResultPath) and may write a detailed report next to it; the
        // neural stage once wrote both to neural.json, so the report lost the benchmark's RDMs.
        var store = new StudyStore(Path.Combine(Path.GetTempPath(), "biovision-names"));
        var plan = StudyPlan.Create(StudyFamily.Standard(), [0], [StudyStage.Train, StudyStage.Robustness, StudyStage.V1Properties, StudyStage.Neural]);
        var results = plan.Tasks.Where(t => t.Variant == plan.Tasks[0].Variant && t.Seed == plan.Tasks[0].Seed)
            .Select(t => Path.GetFileName(store.ResultPath(t))).ToList();
        Assert.Equal(results.Count, results.Distinct().Count());
        string[] details = [NeuralStage.ResultFile, V1PropertiesStage.ResultFile, RobustnessStage.ReportFile, StudyRunner.DefinitionFile];
        foreach (string detail in details)
        {
            Assert.DoesNotContain(detail, results);
        }
    }

    [Fact]
    public void Slurm_array_script_run_as_local_processes_maps_array_indices_to_plan_tasks()
    {
        // The array script is plain bash: running it once per (stage, array index) with SLURM_ARRAY_TASK_ID set, as
        // Slurm would, must run exactly every task of the plan once. The command is replaced by a recorder.
        string dir = Path.Combine(Path.GetTempPath(), "biovision-slurm-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            string recorder = Path.Combine(dir, "record.sh");
            File.WriteAllText(recorder, "#!/usr/bin/env bash\necho \"$@\" >> \"$(dirname \"$0\")/calls.txt\"\n");
            var plan = StudyPlan.Create(StudyFamily.Standard().Take(3).ToList(), [0, 1]);
            var (array, submit) = SlurmScript.Write(plan, dir, new SlurmOptions { Command = "bash " + recorder, Gpus = 1, MaxConcurrent = 4 });
            for (int stage = 0; stage < plan.Stages.Count; stage++)
            {
                for (int m = 0; m < plan.ModelCount; m++)
                {
                    var psi = new ProcessStartInfo("bash", [array, stage.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true };
                    psi.Environment["SLURM_ARRAY_TASK_ID"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    using var p = Process.Start(psi)!;
                    p.WaitForExit();
                    Assert.Equal(0, p.ExitCode);
                }
            }

            var calls = File.ReadAllLines(Path.Combine(dir, "calls.txt"));
            var taskNumbers = calls.Select(c => int.Parse(c.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, plan.Tasks.Count), taskNumbers);
            Assert.All(calls, c => Assert.StartsWith($"reproduce --out {Path.GetFullPath(dir)} --task ", c, StringComparison.Ordinal));

            string text = File.ReadAllText(submit);
            Assert.Equal(plan.Stages.Count - 1, text.Split("--dependency=aftercorr:").Length - 1);
            Assert.Contains("--array=0-5%4", text);
            Assert.Contains("reproduce collect", text);
            Assert.Contains("#SBATCH --gres=gpu:1", File.ReadAllText(array));

            // Without SLURM_ARRAY_TASK_ID the script refuses to run and says why.
            var bare = new ProcessStartInfo("bash", [array, "0"]) { RedirectStandardError = true };
            bare.Environment.Remove("SLURM_ARRAY_TASK_ID");
            using var q = Process.Start(bare)!;
            string err = q.StandardError.ReadToEnd();
            q.WaitForExit();
            Assert.NotEqual(0, q.ExitCode);
            Assert.Contains("SLURM_ARRAY_TASK_ID", err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
