#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 01_vone_model.ipynb, cell for cell: `dotnet run notebooks/01_vone_model.cs` (from any folder inside the checkout).
// What the notebook displays is printed here; plots are saved as PNG files instead.
using BioVision.Native;
using BioVision.Devices;
using BioVision.Interactive;
using BioVision.Models;
using BioVision.Plotting;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "device"

// CUDA when available, else CPU (BIOVISION_DEVICE overrides).
var device = DeviceSelector.Select();
display(DeviceSelector.Describe(device));

// Cell "v1-block"
var block = new VOneBlock(new VOneBlockOptions { NoiseControl = NoiseControl.Off }, device: device);
display(block.Parameters);
Console.WriteLine($"filter bank: {NotebookOutput.Save(FilterBankImage.RenderPng(block.Parameters), "01_filter_bank.png")}");

// Cell "envelopes"
// Envelope size (in cycles) against spatial frequency, one point per channel.
var p = block.Parameters;
var envelopes = ScatterPlot.Create("Gabor envelopes of the sampled V1 channels", "spatial frequency (cycles/degree)", "nx (cycles)", p.SpatialFrequency, p.Nx);
display(envelopes);
Console.WriteLine($"envelope plot: {NotebookOutput.Save(PlotImages.ToPng(envelopes), "01_envelopes.png")}");

// Cell "v1-response"
// The block's response to a batch of four random 224-pixel images: a short summary, not the values.
var images = torch.rand(4, 3, 224, 224, device: device);
var response = block.forward(images);
display(response);
display(TensorSummary.Describe(response));

// Cell "vonenet"
var model = VOneNet.Create(BackboneKind.ResNet18, new VOneNetOptions { Block = new VOneBlockOptions { NoiseControl = NoiseControl.Off } }, numClasses: 1000, device: device);
model.eval();
using (torch.no_grad())
{
    var (logits, activations) = model.ForwardWithActivations(torch.rand(2, 3, 224, 224, device: device));
    display(RecordTables.Table(activations.Select(a => new { layer = a.Key, shape = $"[{string.Join(", ", a.Value.shape)}]" }), "activations for a batch of 2 images"));
}

// Cell "front-ends"
// Every front end behind the same width-16 SmallCnn, noise off so the numbers repeat, on the same eight images.
var digits = torch.rand(8, 1, 28, 28, device: device);
var zoo = Enum.GetValues<FrontEndKind>().Select(kind =>
{
    var spec = new ModelSpec { VOne = true, FrontEnd = kind, Width = 16 };
    using var net = ModelFactory.Create(spec, device, seed: 0);
    var frontEnd = (IFrontEndModel)net;
    using var quiet = new NoiseOverride(net, NoiseControl.Off);
    using var scope = torch.NewDisposeScope();
    var activations = new Dictionary<string, torch.Tensor>();
    using (torch.no_grad())
    {
        ((IActivationModel)net).Forward(digits, activations);
    }

    var v1 = activations[frontEnd.BlockActivation];
    return new
    {
        model = spec.Name,
        v1Output = $"[{string.Join(", ", v1.shape)}]",
        meanActivation = Math.Round(v1.mean().item<float>(), 3),
        trainedFrontEndWeights = ((TorchSharp.torch.nn.Module)frontEnd.Block).parameters().Sum(w => w.numel()),
    };
}).ToList();
display(RecordTables.Table(zoo, "front ends at 28 px (untrained back ends)"));

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

