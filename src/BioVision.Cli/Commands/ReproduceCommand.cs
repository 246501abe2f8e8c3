using BioVision.Runs;
using System.CommandLine;
using System.Globalization;
using BioVision.Benchmarks.Neural;
using BioVision.Benchmarks.V1Properties;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Experiments;
using BioVision.Rsa;
using BioVision.Plotting;
using BioVision.Training;
using Spectre.Console;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision reproduce</c>: the brain-similarity vs robustness study, end to end. With no options it runs a reduced
/// study on the built-in procedural data (a few variants, two seeds, small budgets); <c>--dataset fashion-mnist
/// --neural</c> runs the full family with the recorded neural data. Every task is cached in the study folder, so a
/// killed run continues where it stopped. <c>--plan</c>, <c>--task N</c>, <c>--slurm</c> and <c>collect</c> split
/// the study for a cluster.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>The reduced family of the default run: the variants the published claims need.</summary>
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Study folder (plan, cached results, report).", DefaultValueFactory = _ => "biovision-study" };
        var dataset = new Option<string>("--dataset") { Description = "procedural (built in) or fashion-mnist.", DefaultValueFactory = _ => "procedural" };
        var dataPath = new Option<string?>("--data-path") { Description = "Folder of the dataset (fashion-mnist defaults to /usr/share/datasets/fashion-mnist)." };
        var variants = new Option<string?>("--variants") { Description = "Comma-separated variant names, 'all' (the standard family) or 'zoo' (baseline, vone, vone-nonoise and the front-end zoo: vone-dn, ev, learned-v1, random-v1). Default: the reduced family for procedural data, all for fashion-mnist." };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated training seeds.", DefaultValueFactory = _ => "0,1" };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default 2 procedural, 3 fashion-mnist)." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Training images (default 2000 procedural, all for fashion-mnist)." };
        var width = new Option<int>("--width") { Description = "SmallCnn width shared by every variant.", DefaultValueFactory = _ => 16 };
        var images = new Option<int?>("--robustness-images") { Description = "Test images attacked and corrupted (default 32 procedural, 200 fashion-mnist)." };
        var steps = new Option<int?>("--attack-steps") { Description = "PGD/APGD iterations (default 8 procedural, 32 fashion-mnist; the VOneNet protocol uses 64)." };
        var eot = new Option<int?>("--eot") { Description = "EOT noise draws per attack gradient (default 2 procedural, 4 fashion-mnist)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Test images for clean accuracy (default 500 procedural, 2000 fashion-mnist)." };
        var severities = new Option<string?>("--corruption-severities") { Description = "Comma-separated corruption severities 1-5, or 'none' (default 3 procedural, 1,2,3,4,5 fashion-mnist)." };
        var scoringDraws = new Option<int?>("--scoring-draws") { Description = "Fresh noise draws for the expected accuracy of stochastic models (default 8 procedural, 16 fashion-mnist)." };
        var squareQueries = new Option<int?>("--square-queries") { Description = "Queries of the gradient-free Square check (default 50 procedural, 100 fashion-mnist)." };
        var brainTrials = new Option<int?>("--brain-trials") { Description = "Noise draws averaged per stimulus in the brain benchmarks (default 1 procedural, 4 fashion-mnist)." };
        var v4Images = new Option<int?>("--v4-images") { Description = "Images per Cowley V4 session (default 400; 0 for all)." };
        var neuralSets = new Option<string>("--neural-sets") { Description = "With --neural: comma-separated it92, algonauts, v4, mouse or all.", DefaultValueFactory = _ => "all" };
        var neural = new Option<bool>("--neural") { Description = "Run the neural benchmarks on the recorded data (../shared/data or BIOVISION_DATA)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var plan = new Option<bool>("--plan") { Description = "Write the study definition and print the task list; run nothing." };
        var task = new Option<int?>("--task") { Description = "Run one task of an existing study folder (its number in the plan)." };
        var slurm = new Option<bool>("--slurm") { Description = "Write the plan and Slurm array scripts (study.sbatch, submit.sh) into the study folder; run nothing." };
        var slurmCommand = new Option<string>("--slurm-command") { Description = "With --slurm: the command that runs BioVision's CLI on the nodes.", DefaultValueFactory = _ => "biovision" };
        var slurmPartition = new Option<string?>("--slurm-partition") { Description = "With --slurm: partition (none by default)." };
        var slurmTime = new Option<string>("--slurm-time") { Description = "With --slurm: wall-time limit per task.", DefaultValueFactory = _ => "04:00:00" };
        var slurmCpus = new Option<int>("--slurm-cpus") { Description = "With --slurm: CPU cores per task.", DefaultValueFactory = _ => 4 };
        var slurmMemory = new Option<string>("--slurm-mem") { Description = "With --slurm: memory per task (e.g. 8G).", DefaultValueFactory = _ => "8G" };
        var slurmGpus = new Option<int>("--slurm-gpus") { Description = "With --slurm: GPUs per task.", DefaultValueFactory = _ => 0 };
        var slurmConcurrent = new Option<int>("--slurm-max-concurrent") { Description = "With --slurm: most array tasks running at once (0: no limit).", DefaultValueFactory = _ => 0 };
        var stagesOption = new Option<string?>("--stages") { Description = "Comma-separated stages to run: train,robustness,v1[,neural] (default: all; neural with --neural)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Discard what the study folder holds (every trained model and result) and start afresh." };
        var command = new Command("reproduce", "The robustness vs brain-similarity study: train a family of models, measure robustness and brain similarity, correlate (default: a reduced study on procedural data).")
        {
            outDir, dataset, dataPath, variants, seeds, epochs, trainLimit, width, images, steps, eot, testLimit, severities, scoringDraws,
            squareQueries, brainTrials, v4Images, neural, neuralSets, device, plan, task, slurm,
            slurmCommand, slurmPartition, slurmTime, slurmCpus, slurmMemory, slurmGpus, slurmConcurrent, overwrite, stagesOption,
        };
        var settings = new Settings(dataset, dataPath, variants, seeds, epochs, trainLimit, width, images, steps, eot, testLimit, severities,
            scoringDraws, squareQueries, brainTrials, v4Images, neural, neuralSets, device, stagesOption);
        command.Subcommands.Add(CollectCommand(outDir));
        command.SetAction(parse =>
        {
            try
            {
                string folder = parse.GetValue(outDir)!;
                if (parse.GetValue(task) is { } index)
                {
                    var existing = StudyRunner.OpenExisting(folder);
                    // A scheduler's task (Slurm sends SIGTERM at its time limit) stops at the next safe point like a local run.
                    using var taskSignals = new StopSignals("Stopping the task at the next safe point; what is finished is kept (rerun the task to continue).");
                    StageResult result;
                    try
                    {
                        result = WithProgress(p => existing.RunTask(index, p, taskSignals.Token));
                    }
                    catch (OperationCanceledException)
                    {
                        return taskSignals.ExitCode;
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Task {existing.Context.Plan.Task(index)}: {Describe(result)}"));
                    return 0;
                }

                var (studyPlan, options) = Define(parse, settings);
                // Slurm settings are checked before anything is written or printed.
                var slurmOptions = parse.GetValue(slurm)
                    ? new SlurmOptions
                    {
                        Command = parse.GetValue(slurmCommand)!,
                        Partition = parse.GetValue(slurmPartition),
                        Time = parse.GetValue(slurmTime)!,
                        CpusPerTask = parse.GetValue(slurmCpus),
                        Memory = parse.GetValue(slurmMemory)!,
                        Gpus = parse.GetValue(slurmGpus),
                        MaxConcurrent = parse.GetValue(slurmConcurrent),
                    }.Validate()
                    : null;
                var runner = StudyRunner.Open(folder, studyPlan, options, parse.GetValue(overwrite));
                if (parse.GetValue(plan) || parse.GetValue(slurm))
                {
                    foreach (var t in studyPlan.Tasks)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Index,4}  {t.Id}{(runner.Context.Store.IsDone(t) ? "  (done)" : "")}"));
                    }

                    if (slurmOptions is not null)
                    {
                        var (array, submit) = SlurmScript.Write(studyPlan, folder, slurmOptions);
                        Console.WriteLine($"Wrote {array} and {submit}; submit with: bash {submit}");
                    }

                    return 0;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Study in {runner.Context.Store.Directory}: {studyPlan.Variants.Count} variants x {studyPlan.Seeds.Count} seeds on {options.Dataset}, {studyPlan.Tasks.Count} tasks ({runner.Missing().Count} to run) on {DeviceSelector.Describe(runner.Context.Device)}"));
                using var signals = new StopSignals("Stopping at the next safe point; finished tasks are kept (rerun the same command to continue).");
                try
                {
                    WithProgress(p =>
                    {
                        runner.RunAll(p, signals.Token);
                        return 0;
                    });
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine("Stopped; rerun the same command to continue.");
                    return signals.ExitCode;
                }

                return Collect(runner);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("Stopped; rerun the same command to continue.");
                return 130;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or DataFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static Command CollectCommand(Option<string> outDir)
    {
        var collect = new Command("collect", "Analyse the finished tasks of a study folder and write its report (JSON, Markdown, plots).") { outDir };
        collect.SetAction(parse =>
        {
            try
            {
                return Collect(StudyRunner.OpenExisting(parse.GetValue(outDir)!));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return collect;
    }

    /// <summary>The options that define a study (everything but the folder and the run mode).</summary>
    private sealed record Settings(Option<string> Dataset, Option<string?> DataPath, Option<string?> Variants, Option<string> Seeds,
        Option<int?> Epochs, Option<int?> TrainLimit, Option<int> Width, Option<int?> Images, Option<int?> Steps, Option<int?> Eot,
        Option<int?> TestLimit, Option<string?> Severities, Option<int?> ScoringDraws, Option<int?> SquareQueries, Option<int?> BrainTrials,
        Option<int?> V4Images, Option<bool> Neural, Option<string> NeuralSets, Option<string> Device, Option<string?> Stages);

    private static StudyStage[] ParseStages(string text, bool neural)
    {
        var stages = new List<StudyStage>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            stages.Add(part.ToLowerInvariant() switch
            {
                "train" => StudyStage.Train,
                "robustness" => StudyStage.Robustness,
                "v1" or "v1properties" or "v1-properties" => StudyStage.V1Properties,
                "neural" => StudyStage.Neural,
                _ => throw new ArgumentException($"--stages: unknown stage '{part}' (expected train, robustness, v1 or neural)."),
            });
        }

        if (stages.Count == 0 || stages[0] != StudyStage.Train || stages.Distinct().Count() != stages.Count)
        {
            throw new ArgumentException($"--stages must start with train and name each stage once (got '{text}').");
        }

        if (stages.Contains(StudyStage.Neural) && !neural)
        {
            throw new ArgumentException("--stages: the neural stage needs --neural.");
        }

        return [.. stages];
    }

    private static (StudyPlan Plan, StudyOptions Options) Define(ParseResult parse, Settings o)
    {
        var (dataset, dataPath, variants, seeds, epochs, trainLimit, width, images, steps, eot, neural, device) =
            (o.Dataset, o.DataPath, o.Variants, o.Seeds, o.Epochs, o.TrainLimit, o.Width, o.Images, o.Steps, o.Eot, o.Neural, o.Device);
        var kind = DatasetCatalog.Parse(parse.GetValue(dataset)!);
        var defaults = StudyDefaults.Options(kind); // refuses datasets other than procedural and fashion-mnist
        var family = StudyFamily.Standard();
        var known = family.Concat(StudyFamily.FrontEndZoo()).ToList();
        string? names = parse.GetValue(variants);
        var chosen = names is null
            ? [.. StudyDefaults.Variants(kind)]
            : names.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
                ? [.. family]
                : names.Trim().Equals("zoo", StringComparison.OrdinalIgnoreCase)
                    ? [.. family.Where(v => v.Name is StudyFamily.BaselineName or "vone" or "vone-nonoise"), .. StudyFamily.FrontEndZoo()]
                    : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(n => known.FirstOrDefault(v => v.Name == n) ?? throw new ArgumentException($"Unknown variant '{n}': expected {string.Join(", ", known.Select(v => v.Name))}, all or zoo.")).ToList();
        var seedList = parse.GetValue(seeds)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : throw new ArgumentException($"--seeds: '{t}' is not an integer.")).ToList();
        var options = (defaults with
        {
            DataPath = parse.GetValue(dataPath),
            Seeds = seedList,
            Width = parse.GetValue(width),
            Epochs = parse.GetValue(epochs) ?? defaults.Epochs,
            TrainLimit = parse.GetValue(trainLimit) ?? defaults.TrainLimit,
            TestLimit = parse.GetValue(o.TestLimit) ?? defaults.TestLimit,
            RobustnessImages = parse.GetValue(images) ?? defaults.RobustnessImages,
            AttackSteps = parse.GetValue(steps) ?? defaults.AttackSteps,
            EotSamples = parse.GetValue(eot) ?? defaults.EotSamples,
            CorruptionSeverities = ParseSeverities(parse.GetValue(o.Severities)) ?? defaults.CorruptionSeverities,
            ScoringDraws = parse.GetValue(o.ScoringDraws) ?? defaults.ScoringDraws,
            SquareQueries = parse.GetValue(o.SquareQueries) ?? defaults.SquareQueries,
            BrainTrials = parse.GetValue(o.BrainTrials) ?? defaults.BrainTrials,
            V4Images = parse.GetValue(o.V4Images) is { } v4 ? (v4 == 0 ? null : v4) : defaults.V4Images,
            NeuralData = parse.GetValue(neural),
            NeuralSets = NeuralBenchmarkCommand.ParseSets(parse.GetValue(o.NeuralSets)!, "--neural-sets"),
            Device = DeviceRequest.Parse(parse.GetValue(device)!),
        }).Validate();
        // Paths are checked here, before the plan is written or any task starts.
        DatasetCatalog.Validate(options.Dataset, options.DataPath);
        if (options.NeuralData && SharedDataPaths.DataRoot is null)
        {
            throw new ArgumentException($"--neural needs the recorded data: set {SharedDataPaths.DataVariable} to the shared data folder, or place 'shared/data' beside the checkout.");
        }

        var stages = parse.GetValue(o.Stages) is { } list ? ParseStages(list, options.NeuralData) : StudyDefaults.Stages(options.NeuralData);
        return (StudyPlan.Create(chosen, seedList, stages), options);
    }

    private static int[]? ParseSeverities(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s is >= 1 and <= 5
                ? s
                : throw new ArgumentException($"--corruption-severities: '{t}' is not a severity from 1 to 5."))
            .Distinct().Order().ToArray();
    }

    /// <summary>Writes the report folder (report.json, report.md, plots) and prints the verdicts; exit code 0.</summary>
    private static int Collect(StudyRunner runner)
    {
        var (report, _) = BioVision.Reports.StudyReportWriter.Write(runner);
        string folder = runner.Context.Store.ReportDirectory;
        if (report.Analysis is { } a)
        {
            foreach (var v in a.Verdicts)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.Verdict,-13} {v.Claim} ({v.Source})"));
            }
        }

        if (report.Missing.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Missing.Count} task(s) still missing; the report covers the finished models."));
        }

        Console.WriteLine($"Wrote {Path.GetFullPath(folder)}");
        return 0;
    }

    private static string Describe(StageResult r) =>
        string.Join(", ", r.Measures.Where(m => StudyReport.IsHeadline(m.Key) && !m.Key.StartsWith("v1.", StringComparison.Ordinal)).Take(8)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.###}"))) + string.Create(CultureInfo.InvariantCulture, $" ({r.Seconds:0.#} s)");

    private static T WithProgress<T>(Func<IProgress<StudyProgress>, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new PlainLines());
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var overall = context.AddTask("study", maxValue: 1);
                ProgressTask? current = null;
                string? id = null;
                return work(new InlineProgress<StudyProgress>(p =>
                {
                    overall.Value = p.Fraction;
                    overall.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"study: {p.TasksDone}/{p.TaskCount} tasks"));
                    if (id != p.Task.Id)
                    {
                        current?.StopTask();
                        current = context.AddTask(Markup.Escape(p.Task.ToString()), maxValue: 1);
                        id = p.Task.Id;
                    }

                    current!.Value = p.TaskFraction;
                }));
            });
    }

    private sealed class PlainLines : IProgress<StudyProgress>
    {
        private readonly System.Diagnostics.Stopwatch _watch = new();
        private string? _running;

        public void Report(StudyProgress value)
        {
            if (_running != value.Task.Id)
            {
                _running = value.Task.Id;
                _watch.Restart();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.TasksDone + 1}/{value.TaskCount}] {value.Task} ..."));
            }
            else if (value.Message == StudyProgress.Finished)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.TasksDone}/{value.TaskCount}] {value.Task} done in {_watch.Elapsed.TotalSeconds:0.#} s"));
                _running = null;
            }
        }
    }
}
