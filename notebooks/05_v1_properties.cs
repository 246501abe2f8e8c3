#:project ../src/BioVision/BioVision.csproj
#:project ../src/BioVision.Plotting/BioVision.Plotting.csproj
#:project ../src/BioVision.Interactive/BioVision.Interactive.csproj
// Share the NuGet package folder's libtorch instead of copying ~0.5 GB into this script's output.
#:property BioVisionTorchNativesInPlace=true
// Twin of 05_v1_properties.ipynb, cell for cell: `dotnet run notebooks/05_v1_properties.cs` (from any folder).
// What the notebook displays is printed here; plots are saved as PNG files instead; progress is printed as lines.
using BioVision.Native;
using BioVision.Benchmarks.V1Properties;
using BioVision.Devices;
using BioVision.Interactive;
using BioVision.Reports;
using BioVision.Plotting;
using BioVision.Stochastic;
using BioVision.V1;
using TorchSharp;

// The notebook's extension does this when the package is added.
TorchSharpRuntime.Initialize();

// Cell "block"
var device = DeviceSelector.Select();
torch.random.manual_seed(0);
// 32 + 32 channels (the reference has 256 + 256) keep the 9,100 stimulus presentations quick on a CPU.
var blockOptions = ScaledFrontEnd.ForImageSize(64, inputChannels: 1) with { ImageSize = 64, SimpleChannels = 32, ComplexChannels = 32, NoiseControl = NoiseControl.Off };
var block = new VOneBlock(blockOptions, device: device);
display($"VOne block for 64-pixel grayscale images: {blockOptions.SimpleChannels} simple + {blockOptions.ComplexChannels} complex channels, {blockOptions.VisualDegrees:0.##} degrees of visual angle, noise off; device {DeviceSelector.Describe(device)}");

// Cell "measure"
var options = new V1PropertiesOptions
{
    Screen = new ScreenGeometry { ImageSize = 64, Channels = 1, VisualDegrees = blockOptions.VisualDegrees },
    PositionX = MarquesStimuli.PositionFor(blockOptions.VisualDegrees),
    PositionY = MarquesStimuli.PositionFor(blockOptions.VisualDegrees),
    MaxUnitsPerLayer = 128,
    Seed = 0,
};
V1PropertiesResult result;
using (var progress = ProgressDisplay.Start("V1 property benchmark"))
{
    result = V1PropertiesBenchmark.Run(block, "VOneBlock-64px", ["output"], options, device, progress);
}

display(result);

// Cell "scores"
var layer = result.Layers[0];
var scores = ModelComparisonPlot.Create("VOne block: ceiled similarity to macaque V1 per property", "ceiled score (KS similarity / ceiling)",
    [.. layer.Scores.Select(s => s.Property)], [.. layer.Scores.Select(s => s.Ceiled)],
    [.. layer.Scores.Select(s => s.Ceiled - s.RawStd / s.Ceiling)], [.. layer.Scores.Select(s => s.Ceiled + s.RawStd / s.Ceiling)]);
display(scores);
Console.WriteLine($"scores: {NotebookOutput.Save(PlotImages.ToPng(scores, 800, 500), "05_scores.png")}");
display(RecordTables.Table(layer.Scores.Select(s => new { property = s.Property, group = s.Group, units = s.UnitsWithValue, ceiled = s.Ceiled, reference_alexnet = s.ReferenceAlexNet }), "Ceiled scores beside the reference AlexNet's"));

// Cell "histograms"
foreach (var (name, plot) in V1PropertyFigures.Histograms(layer, "VOne block"))
{
    display(plot);
    Console.WriteLine($"{name}: {NotebookOutput.Save(PlotImages.ToPng(plot), $"05_{name}.png")}");
}

// What `display` does in the twin: the value's text form.
static void display(object? value) => Console.WriteLine(value);

