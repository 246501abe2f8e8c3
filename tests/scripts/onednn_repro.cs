#:project ../../src/BioVision/BioVision.csproj
#:property BioVisionTorchNativesInPlace=true
// Stand-alone reproduction of the libtorch 2.10 oneDNN convolution fault (seeds/training.md, "oneDNN reproduction"):
//   ONEDNN_VERBOSE=1 dotnet run tests/scripts/onednn_repro.cs
// One float32 convolution w->w (3x3, padding 1, batch 16, 12x12) with oneDNN on, its forward output and input gradient
// compared with the same convolution in float64 (which libtorch never hands to oneDNN), at one intra-op thread.
// BioVision is referenced only to load TorchSharp's native library on Debian 12 and to switch oneDNN on
// (at::Context::setUserEnabledMkldnn(true), libtorch's own default); nothing else of it runs.
using BioVision.Native;
using TorchSharp;
using static TorchSharp.torch;

TorchSharpRuntime.Initialize();
torch.set_num_threads(1);
using var oneDnn = CpuNumerics.Use(CpuConvolutionKernels.OneDnn);
Console.WriteLine($"libtorch numerics: {CpuNumerics.Current} on {CpuNumerics.CpuInstructionSet}, 1 thread");
foreach (int width in new[] { 4, 8, 16, 20, 32 })
{
    using var scope = NewDisposeScope();
    var generator = new Generator(3);
    var weight = rand(new long[] { width, width, 3, 3 }, generator: generator) - 0.5;
    var x = rand(new long[] { 16, width, 12, 12 }, generator: generator);
    var upstream = rand(new long[] { 16, width, 12, 12 }, generator: generator);
    (Tensor Output, Tensor InputGradient) Run(ScalarType type)
    {
        var input = x.to(type).requires_grad_(true);
        var output = nn.functional.conv2d(input, weight.to(type), padding: new long[] { 1, 1 });
        var gradient = torch.autograd.grad([(output * upstream.to(type)).sum()], [input])[0];
        return (output.detach().to(ScalarType.Float64), gradient.to(ScalarType.Float64));
    }

    var (y32, g32) = Run(ScalarType.Float32);
    var (y64, g64) = Run(ScalarType.Float64);
    double Relative(Tensor a, Tensor b) => ((a - b).abs().max() / b.abs().max()).item<double>();
    Console.WriteLine($"width {width,2}: forward relative error {Relative(y32, y64):E1}, input-gradient relative error {Relative(g32, g64):E1} (float32 rounding: ~1e-6)");
}
