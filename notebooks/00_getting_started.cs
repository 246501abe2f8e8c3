#:project ../src/BioVision/BioVision.csproj
// Twin of 00_getting_started.ipynb: run with `dotnet run notebooks/00_getting_started.cs`.
using BioVision.Devices;
using BioVision.Native;
using TorchSharp;

// Cell 1: make TorchSharp's native layer loadable (a no-op where the build output is already patched).
var report = TorchSharpRuntime.Initialize();
Console.WriteLine($"native layer: {report}");

// Cell 2: pick the device (CUDA when available, else CPU; BIOVISION_DEVICE overrides) and multiply two tensors.
var device = DeviceSelector.Select();
Console.WriteLine($"device: {DeviceSelector.Describe(device)}");
var a = torch.arange(4, dtype: torch.float32, device: device).reshape(2, 2);
var product = a.matmul(a);
Console.WriteLine(string.Join(", ", product.cpu().data<float>().ToArray()));
if (product.sum().item<float>() != 22f)
{
    throw new InvalidOperationException("[[0,1],[2,3]]^2 should sum to 22");
}
