using System.CommandLine;
using System.Reflection;
using BioVision.Devices;
using BioVision.Native;
using TorchSharp;

namespace BioVision.Cli.Commands;

/// <summary><c>biovision info</c>: versions, device, threads, the native compatibility patch and the CPU numerics.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "Device to report: auto, cpu, cuda or cuda:N (default: auto, or BIOVISION_DEVICE).", DefaultValueFactory = _ => "auto" };
        var command = new Command("info", "Print BioVision, TorchSharp and libtorch versions, the device, threads, the native patch status and the CPU numerics.") { device };
        command.SetAction(parse =>
        {
            var report = TorchSharpRuntime.Initialize();
            var selected = DeviceSelector.Select(parse.GetValue(device));
            string version = typeof(TorchSharpRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"BioVision        {version.Split('+')[0]}");
            Console.WriteLine($"TorchSharp       {TorchSharpRuntime.TorchSharpVersion} ({TorchSharpRuntime.Backend} backend)");
            Console.WriteLine($"libtorch         {torch.__version__} (package {TorchSharpRuntime.LibTorchVersion})");
            Console.WriteLine($"CUDA available   {torch.cuda.is_available()}");
            Console.WriteLine($"Device           {DeviceSelector.Describe(selected)}");
            Console.WriteLine($"Threads          {torch.get_num_threads()} intra-op, {Environment.ProcessorCount} logical cores");
            Console.WriteLine($".NET             {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine($"Native patch     {report}");
            var processDefault = CpuNumerics.ProcessDefault;
            Console.WriteLine($"CPU numerics     {CpuNumerics.Describe()} on {CpuNumerics.CpuInstructionSet}, read back from libtorch");
            Console.WriteLine($"                 BioVision's default: {(processDefault is null ? "none, libtorch's own settings" : processDefault.Kernels.ToString())} " +
                $"(set {CpuNumerics.ConvolutionVariable}=aten|onednn|libtorch before start; oneDNN gives wrong gradients on this CPU: {(CpuNumerics.CpuHasOneDnnFault ? "yes" : "no")})");
            Console.WriteLine($"Huge pages       {(TorchSharpRuntime.HugePageAllocations ? "on" : "off")} (THP_MEM_ALLOC_ENABLE; {TorchSharpRuntime.HugePagesVariable}=0 turns it off)");
            using var product = torch.ones(2, 2, device: selected).matmul(torch.ones(2, 2, device: selected));
            Console.WriteLine($"Smoke test       ones(2,2) @ ones(2,2) sums to {product.sum().item<float>()}");
            return 0;
        });
        return command;
    }
}
