#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 06_reproduction_study.ipynb, cell for cell: `dotnet run notebooks/06_reproduction_study.cs` (from any folder).
// What the notebook displays is printed here; plots are saved as PNG files instead; progress is printed as lines.
using BioVision.Native;
using BioVision.Experiments;
using BioVision.Interactive;
using BioVision.Reports;
using BioVision.Plotting;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "plan"
var family = StudyFamily.Standard().Where(v => v.Name is "baseline" or "vone" or "vone-nonoise").ToList();
var plan = StudyPlan.Create(family, seeds: [0], stages: [StudyStage.Train, StudyStage.Robustness, StudyStage.V1Properties]);
var options = new StudyOptions
{
    TrainLimit = 600, TestLimit = 200, Epochs = 2, Width = 16,
    RobustnessImages = 12, AttackSteps = 3, Epsilons = [1.0 / 255, 4.0 / 255], WhiteBoxEpsilon = 4.0 / 255,
    EotSamples = 2, ScoringDraws = 2, SquareQueries = 10, CorruptionSeverities = [3], V1Units = 32,
};
string folder = Path.Combine(NotebookOutput.Folder, "study-06");
var runner = StudyRunner.Open(folder, plan, options);
display(RecordTables.Table(family.Select(v => new { variant = v.Name, description = v.Description }), $"{plan.Variants.Count} variants x {plan.Seeds.Count} seed(s), {plan.Tasks.Count} tasks in {folder} ({runner.Missing().Count} to run)"));

// Cell "run"
using (var progress = ProgressDisplay.Start("reproduction study"))
{
    runner.RunAll(progress);
}

var report = runner.Report();
var analysis = report.Analysis!;

// Cell "verdicts"
display(RecordTables.Table(analysis.Verdicts.Select(v => new { claim = v.Claim, source = v.Source, verdict = v.Verdict.ToString(), evidence = v.Evidence }), "Verdict per published claim"));

// Cell "measures"
display(RecordTables.Table(analysis.Models.Select(m => new
{
    model = $"{m.Variant} s{m.Seed}",
    clean = m.CleanAccuracy,
    whitebox = m.Robustness.GetValueOrDefault("whitebox", double.NaN),
    corruption = m.Robustness.GetValueOrDefault("corruption", double.NaN),
    v1 = m.BrainSimilarity.GetValueOrDefault("v1", double.NaN),
}), "Per model: clean accuracy, PGD L-inf 4/255 expected accuracy (whitebox), mean corruption accuracy, V1 property score"));

// Cell "scatter"
var scatter = StudyFigures.BrainVsRobustness(analysis, "v1");
display(scatter);
Console.WriteLine($"scatter: {NotebookOutput.Save(PlotImages.ToPng(scatter), "06_v1_vs_whitebox.png")}");

// Cell "training-curves"
var curves = StudyFigures.TrainingCurves(runner.Context.Store, plan);
display(curves);
Console.WriteLine($"training curves: {NotebookOutput.Save(PlotImages.ToPng(curves), "06_training_curves.png")}");

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

