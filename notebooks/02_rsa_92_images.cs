#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 02_rsa_92_images.ipynb, cell for cell: `dotnet run notebooks/02_rsa_92_images.cs` (from any folder inside the checkout).
// What the notebook displays is printed here; plots are saved as PNG files instead.
using BioVision.Native;
using BioVision.Benchmarks.Neural;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Interactive;
using BioVision.Models;
using BioVision.Plotting;
using BioVision.Rsa;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;
using BioVision.Rsa.Io;
using BioVision.Rsa.RdmMethods;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "setup"

var device = DeviceSelector.Select();
// The 92 images (Algonauts 2019 copy, same order as the RDMs), at 64 pixels to keep this quick.
var stimuli = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"), (64, 64));
display($"{stimuli.Count} images, device {DeviceSelector.Describe(device)}");

// Cell "brain-rdms"
static double[] UpperTriangle(double[] square, int n)
{
    var v = new List<double>(n * (n - 1) / 2);
    for (int i = 0; i < n; i++)
    {
        for (int j = i + 1; j < n; j++)
        {
            v.Add(square[(i * n) + j]);
        }
    }

    return v.ToArray();
}

var brain = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/92_brainRDMs.mat")).Struct("RDMs");
var subjectVectors = new List<double[]>();
var subjectNames = new List<string>();
for (int subject = 0; subject < 4; subject++)
{
    var sessions = Enumerable.Range(0, 2).Select(s => UpperTriangle(((MatNumericArray)brain.Get("RDM", 0, subject, s)).ToRowMajor(), 92)).ToArray();
    subjectVectors.Add(sessions[0].Zip(sessions[1], (a, b) => (a + b) / 2).ToArray());
    subjectNames.Add(((MatCharArray)brain.Get("name", 0, subject, 0)).Text.Split('|')[1].Trim());   // "hIT | BE | Session: 1" -> "BE"
}

var humanIT = Rdms.FromVectors(subjectVectors, "1 - Pearson r (human IT)", new Dictionary<string, IReadOnlyList<string>> { ["subject"] = subjectNames });
var fig1 = MatFile.Read(SharedDataPaths.Data("kriegeskorte2008_92/Kriegeskorte_Neuron2008_supplementalData.mat")).Struct("RDMs_mIT_hIT_fig1");
int monkeyIndex = Enumerable.Range(0, fig1.Count).Single(i => ((MatCharArray)fig1[i, "name"]).Text == "mIT_674neurons");
var monkeyIT = Rdms.FromVectors([((MatNumericArray)fig1[monkeyIndex, "RDM"]).ToRowMajor()], "1 - Pearson r (monkey IT)");
display(humanIT.Mean().Map(v => v, "1 - Pearson r (human IT, mean of 4 subjects)"));
Console.WriteLine($"human IT heatmap: {NotebookOutput.Save(PlotImages.ToPng(RdmHeatmap.Create(humanIT.Mean().Map(v => v, "1 - Pearson r (human IT, mean of 4 subjects)")), 600, 520), "02_human_it_rdm.png")}");

// Cell "model-rdms"
// 128 simple + 128 complex channels keep this quick on a CPU; the seed fixes the random (untrained) weights.
torch.random.manual_seed(0);
var block = ScaledFrontEnd.ForImageSize(64) with { SimpleChannels = 128, ComplexChannels = 128, NoiseControl = NoiseControl.Off };
var model = VOneNet.Create(BackboneKind.CifarResNet, new VOneNetOptions { Block = block }, numClasses: 10, device: device);
model.eval();
string[] layers = ["vone_block", "model.layer1", "model.layer2", "model.layer3"];
var layerRdms = new List<Rdms>();
using (torch.no_grad())
{
    var batch = torch.stack(Enumerable.Range(0, stimuli.Count).Select(stimuli.GetImage).ToArray()).to(device);
    var (_, activations) = model.ForwardWithActivations((batch - 0.5) / 0.5);
    foreach (var layer in layers)
    {
        layerRdms.Add(ActivationRdm.ComputeRdm(activations[layer], RdmMethod.Correlation).WithDescriptor("name", [layer]));
    }
}

var modelRdms = Rdms.Concat(layerRdms);
display(modelRdms.SubsetRdms([0]));
Console.WriteLine($"vone_block heatmap: {NotebookOutput.Save(PlotImages.ToPng(RdmHeatmap.Create(modelRdms, 0), 600, 520), "02_vone_block_rdm.png")}");

// Cell "human-evaluation"
var ceiling = NoiseCeilings.LeaveOneOut(humanIT, ComparisonMethod.Pearson, descriptor: "subject");
var human = ModelEvaluation.Bootstrap(modelRdms, humanIT, ComparisonMethod.Pearson, EvaluationKind.BootstrapRdms, samples: 1000, seed: 1, descriptor: "subject");
display(human);

// Cell "monkey-evaluation"
// One monkey RDM: no subjects to resample and no noise ceiling, so the comparison itself (layers × 1).
var monkeyR = RdmComparer.Compare(modelRdms, monkeyIT, ComparisonMethod.Pearson);
var monkey = Enumerable.Range(0, layers.Length).Select(i => monkeyR[i, 0]).ToArray();
display(RecordTables.Table(layers.Select((layer, i) => new { layer, pearson_r = monkey[i] }), "monkey IT (Kiani et al. 2007, 674 neurons): Pearson r of each layer's RDM"));

// Cell "summary-plot"
// Named layers on a category axis; human IT with its 95% bootstrap interval as a band; the noise ceiling as a grey band.
var (ciLow, ciHigh) = human.ConfidenceIntervals();
var plot = LayerCurvePlot.Create("Model layers vs IT", "RDM correlation [Pearson r]", layers,
[
    new LayerCurve("human IT (mean of 4 subjects, 95% CI)", human.Means.ToArray(), ciLow, ciHigh),
    new LayerCurve("monkey IT", monkey),
], (ceiling.Lower, ceiling.Upper), "human IT noise ceiling");
display(plot);
Console.WriteLine($"layer curve: {NotebookOutput.Save(PlotImages.ToPng(plot), "02_layers_vs_it.png")}");

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

