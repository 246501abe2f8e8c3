#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 03_v4_cowley.ipynb, cell for cell: `dotnet run notebooks/03_v4_cowley.cs` (from any folder inside the checkout).
// What the notebook displays is printed here; plots are saved as PNG files instead.
using BioVision.Native;
using BioVision.Data;
using BioVision.Devices;
using BioVision.Interactive;
using BioVision.Models;
using BioVision.Plotting;
using BioVision.Rsa;
using BioVision.Rsa.Cka;
using BioVision.Rsa.Io;
using BioVision.Rsa.Predictivity;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "setup"

var device = DeviceSelector.Select();
const int Images = 240;
var stimuli = StimulusSets.LoadCowleyV4(SharedDataPaths.Data("cowley2023_V4/images/images_210325.zip"), (64, 64));
var averaged = NpyReader.Read(SharedDataPaths.Data("cowley2023_V4/responses_repeat_averaged/responses_210325.npy"));
int neurons = averaged.Shape[0];
var responses = new double[Images, neurons];   // images × neurons
for (int k = 0; k < Images; k++)
{
    for (int n = 0; n < neurons; n++)
    {
        responses[k, n] = averaged.Values[(n * averaged.Shape[1]) + k];
    }
}

display($"{stimuli.Count} images, {neurons} neurons; using the first {Images} images");

// Cell "reliability"
// Split-half reliability of each neuron over repeats (all 640 images), Spearman–Brown corrected: the ceiling.
var raw = NpyReader.Read(SharedDataPaths.Data("cowley2023_V4/responses_raw/responses_210325.npy"));
var reliability = SplitHalfReliability.Compute(raw.Values, raw.Shape[0], raw.Shape[1], raw.Shape[2], splits: 10, seed: 0);
display(reliability);

// Cell "features"
// Features: each layer's activations average-pooled to 2×2 per channel (channels × 4 values per image), 64 px images.
// 128 simple + 128 complex channels keep this quick on a CPU; the seed fixes the random (untrained) weights.
torch.random.manual_seed(0);
var block = ScaledFrontEnd.ForImageSize(64) with { SimpleChannels = 128, ComplexChannels = 128, NoiseControl = NoiseControl.Off };
var model = VOneNet.Create(BackboneKind.CifarResNet, new VOneNetOptions { Block = block }, numClasses: 10, device: device);
model.eval();
string[] layers = ["vone_block", "model.layer1", "model.layer2", "model.layer3"];
var features = new Dictionary<string, double[,]>();
using (torch.no_grad())
{
    var pooled = layers.ToDictionary(l => l, _ => new List<torch.Tensor>());
    for (int start = 0; start < Images; start += 64)
    {
        var batch = torch.stack(Enumerable.Range(start, Math.Min(64, Images - start)).Select(stimuli.GetImage).ToArray()).to(device);
        var (_, activations) = model.ForwardWithActivations((batch - 0.5) / 0.5);
        foreach (var layer in layers)
        {
            pooled[layer].Add(torch.nn.functional.adaptive_avg_pool2d(activations[layer], 2).flatten(1).to(torch.float64).cpu());
        }
    }

    foreach (var layer in layers)
    {
        var all = torch.cat(pooled[layer], 0);
        int columns = (int)all.shape[1];
        var values = all.data<double>().ToArray();
        var matrix = new double[Images, columns];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        features[layer] = matrix;
    }
}

display(RecordTables.Table(layers.Select(l => new { layer = l, features = features[l].GetLength(1) }), "features per image"));

// Cell "predictivity"
var rows = new List<(string Layer, PredictivityResult Result, double Cka)>();
foreach (var layer in layers)
{
    var result = NeuralPredictivity.Evaluate(features[layer], responses, new PredictivityOptions(), ceiling: reliability.Median);
    rows.Add((layer, result, LinearCka.Compute(features[layer], responses)));
}

display(RecordTables.Table(rows.Select(r => new { layer = r.Layer, predictivity = r.Result.Score, error = r.Result.Error, ceiled = r.Result.CeiledScore, cka = r.Cka }),
    $"V4 predictivity (median Pearson r over {neurons} neurons, mean over 10 splits) and linear CKA; ceiling {reliability.Median:F3}"));

// Cell "plot"
// Named layers on a category axis: ceiled predictivity (predictivity / split-half ceiling) and linear CKA per layer.
var plot = LayerCurvePlot.Create("Layers vs macaque V4 (Cowley et al. 2023)", "score", layers,
[
    new LayerCurve("ceiled predictivity", rows.Select(r => r.Result.CeiledScore ?? double.NaN).ToArray()),
    new LayerCurve("linear CKA", rows.Select(r => r.Cka).ToArray()),
]);
display(plot);
Console.WriteLine($"layer curve: {NotebookOutput.Save(PlotImages.ToPng(plot), "03_layers_vs_v4.png")}");

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

