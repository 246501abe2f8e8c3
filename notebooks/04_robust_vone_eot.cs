#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 04_robust_vone_eot.ipynb, cell for cell: `dotnet run notebooks/04_robust_vone_eot.cs` (from any folder).
// What the notebook displays is printed here; plots are saved as PNG files instead; progress is printed as lines.
using BioVision.Native;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Interactive;
using BioVision.Reports;
using BioVision.Models;
using BioVision.Plotting;
using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.Robustness.Corruptions;
using BioVision.Robustness.Evaluation;
using BioVision.Runs;
using BioVision.Training;
using TorchSharp;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "data"
var device = DeviceSelector.Select();
var (train, test) = DatasetCatalog.Open(DatasetKind.Procedural, seed: 0, imageSize: 32);
train = DatasetCatalog.Limit(train, 1000)!;
test = DatasetCatalog.Limit(test, 500)!;
display($"procedural data: {train.Count} training and {test.Count} test images, {train.Classes.Count} classes, device {DeviceSelector.Describe(device)}");

// Cell "build-and-train"
// A SmallCnn behind a VOne block scaled to 28-pixel images: Gabor filters sampled from macaque V1 statistics, simple
// and complex cells, Poisson-like noise that stays on at test time (as in Dapello et al. 2020).
var spec = ModelSpec.ForDataset(train, BackboneKind.SmallCnn, vone: true, width: 16);
display(spec);
// Trained into a run folder: running the notebook again continues (here: reuses) the finished run instead of retraining.
// Named by its settings: a changed recipe gets a new folder (a checkpoint refuses to resume with another recipe).
string run = Path.Combine(NotebookOutput.Folder, "runs", $"04-vone-smallcnn-{train.Count}img-2ep-seed0");
var recipe = new TrainingOptions
{
    Epochs = 2, BatchSize = 64, LearningRate = 0.05, Optimizer = OptimizerKind.Sgd, Schedule = ScheduleKind.Cosine, WeightDecay = 5e-4, Seed = 0,
    OutputDirectory = run, Resume = TrainingCheckpoint.TryRead(run) is not null, Overwrite = TrainingCheckpoint.TryRead(run) is null,
};
var trainer = new Trainer(spec, recipe);
TrainingResult training;
using (var progress = ProgressDisplay.Start("training the VOne model"))
{
    training = trainer.Fit(train, test, progress);
}

display(training);
var model = trainer.Model!;

// Cell "attack"
int n = 24;
var images = torch.stack(Enumerable.Range(0, n).Select(test.GetImage).ToArray()).to(device);
var labels = torch.tensor(Enumerable.Range(0, n).Select(i => (long)test.GetLabel(i)).ToArray(), device: device);
// PGD as in the VOneNet protocol (no random start, total path 2 eps), with the gradient averaged over 3 noise draws
// per step (EOT); FGSM from a single noise draw (no EOT) beside it. Each attacked image is then scored with 8 fresh noise draws.
var pgd = new AttackSpec { Kind = AttackKind.Pgd, Norm = ThreatNorm.Linf, Steps = 4, RelativeStepSize = 2.0 / 4, RandomStart = false, EotSamples = 3 };
double[] epsilons = [1.0 / 255, 2.0 / 255, 4.0 / 255, 8.0 / 255];
var options = new RobustnessOptions
{
    Sweeps = [new AttackSweep(pgd, epsilons), new AttackSweep(new AttackSpec { Kind = AttackKind.Fgsm, EotSamples = 1 }, epsilons)],
    ScoringDraws = 8,
    StandardEpsilon = 4.0 / 255,
    SquareQueries = 20,
    Corruptions = new CorruptionOptions { Kinds = [CorruptionKind.GaussianNoise, CorruptionKind.DefocusBlur, CorruptionKind.Fog, CorruptionKind.Contrast, CorruptionKind.JpegCompression], Severities = [1, 3, 5] },
};
RobustnessReport report;
using (var progress = ProgressDisplay.Start("robustness"))
{
    // Finished cells are kept beside the trained model in a run store bound to the fingerprint of every input
    // (options, weights, images): a rerun continues (here: reuses) the evaluation; other inputs are refused, never mixed in.
    var cells = RunStore.Open(Path.Combine(run, "robustness-cells"));
    report = new RobustnessEvaluator(options).Evaluate(model, images, labels, train.Classes.Count, "VOne-SmallCnn", "procedural", store: cells, progress: progress);
}

display(report);

// Cell "expected-vs-worst"
display(RecordTables.Table(report.Attacks.Where(a => a.IsSweep).Select(a => new
{
    attack = a.Attack,
    eps = AttackSpec.EpsilonText(a.Epsilon, a.Norm),
    expected = a.Accuracy.Expected,
    ci95 = $"[{a.Accuracy.Lower:0.000}, {a.Accuracy.Upper:0.000}]",
    worst_draw = a.Accuracy.WorstCase,
    majority_vote = a.Accuracy.MajorityVote,
}), $"Robust accuracy on {report.Images} images, {report.Clean.Draws} noise draws per image"));

// Cell "accuracy-vs-eps"
var curve = RobustnessFigures.AccuracyVsEpsilon(report, ThreatNorm.Linf);
display(curve);
Console.WriteLine($"accuracy vs eps: {NotebookOutput.Save(PlotImages.ToPng(curve), "04_accuracy_vs_eps.png")}");

// Cell "corruptions"
var bars = RobustnessFigures.CorruptionBars(report);
display(bars);
Console.WriteLine($"corruption bars: {NotebookOutput.Save(PlotImages.ToPng(bars, 800, 480), "04_corruptions.png")}");
var bySeverity = RobustnessFigures.CorruptionsBySeverity(report);
display(bySeverity);
Console.WriteLine($"corruptions by severity: {NotebookOutput.Save(PlotImages.ToPng(bySeverity), "04_corruptions_by_severity.png")}");

// Cell "checklist"
display(RecordTables.Table(report.Checks.Select(c => new { check = c.Name, status = c.Status.ToString(), detail = c.Detail }), "Sanity checklist (Carlini et al. 2019)"));
display(report.ChecksVerdict);

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

