using System.Runtime.InteropServices;
using TorchSharp;

namespace BioVision.Native;

/// <summary>
/// Reads and writes the switches of <see cref="CpuNumericsState"/> in the loaded libtorch: the getters and setters of
/// <c>at::globalContext()</c> in libtorch_cpu and libc10's <c>FLAGS_caffe2_cpu_allocator_do_zero_fill</c>.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 exposes none of them (its <c>torch.backends</c> covers cuDNN, cuBLAS and the CUDA attention
/// kernels only), so they are bound from libtorch's exports by their C++ names: the Itanium ABI names on Linux and macOS,
/// the MSVC names on Windows. The member functions take the context as their first argument, which is how both x64 ABIs
/// pass <c>this</c>. The Windows names follow MSVC's mangling and have not been tried on Windows; a libtorch that lacks
/// any of them makes <see cref="Resolve()"/> throw, naming it, rather than leave a switch unset.
/// </remarks>
internal sealed class LibTorchSwitches
{
    private readonly IntPtr _context;
    private readonly GetFlag _getMkldnn;
    private readonly SetFlag _setMkldnn;
    private readonly GetFlag _getNnpack;
    private readonly SetFlag _setNnpack;
    private readonly IntPtr _zeroFill;

    private LibTorchSwitches(IntPtr context, GetFlag getMkldnn, SetFlag setMkldnn, GetFlag getNnpack, SetFlag setNnpack, IntPtr zeroFill)
    {
        _context = context;
        _getMkldnn = getMkldnn;
        _setMkldnn = setMkldnn;
        _getNnpack = getNnpack;
        _setNnpack = setNnpack;
        _zeroFill = zeroFill;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    private delegate bool GetFlag(IntPtr context);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFlag(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool value);

    /// <summary>The switches as libtorch has them now.</summary>
    public CpuNumericsState Read() =>
        new(_getMkldnn(_context), _getNnpack(_context), Marshal.ReadByte(_zeroFill) != 0);

    /// <summary>Sets the switches (see <see cref="CpuNumerics"/> for the read-back that follows).</summary>
    /// <param name="state">The switches to set.</param>
    public void Write(CpuNumericsState state)
    {
        _setMkldnn(_context, state.MkldnnEnabled);
        _setNnpack(_context, state.NnpackEnabled);
        Marshal.WriteByte(_zeroFill, state.ZeroFilledAllocations ? (byte)1 : (byte)0);
    }

    /// <summary>Binds the switches of the libtorch this process uses, loading it first when needed.</summary>
    /// <exception cref="NativeLibraryUnavailableException">libtorch cannot load here.</exception>
    /// <exception cref="CpuNumericsException">libtorch does not export one of the switches.</exception>
    public static LibTorchSwitches Resolve()
    {
        TorchSharpRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux())
        {
            // Off Linux nothing is preloaded: TorchSharp's own loader brings in libtorch (torch_cpu, c10) here.
            torch.InitializeDeviceType(DeviceType.CPU);
        }

        string torchCpu = LibraryPath(OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so");
        string c10 = LibraryPath(OperatingSystem.IsWindows() ? "c10.dll" : OperatingSystem.IsMacOS() ? "libc10.dylib" : "libc10.so");
        if (!NativeLibrary.TryLoad(torchCpu, out IntPtr torchCpuHandle) || !NativeLibrary.TryLoad(c10, out IntPtr c10Handle))
        {
            throw new CpuNumericsException(
                $"Cannot find libtorch's {torchCpu} and {c10} to choose its CPU numerics. Use the libtorch {TorchSharpRuntime.LibTorchVersion} package that BioVision references.");
        }

        return Resolve(torchCpuHandle, c10Handle, OperatingSystem.IsWindows());
    }

    /// <summary>Binds the switches from the given libtorch_cpu and libc10 handles.</summary>
    /// <param name="torchCpu">Handle of libtorch_cpu.</param>
    /// <param name="c10">Handle of libc10.</param>
    /// <param name="msvcNames">Whether the libraries export MSVC names (Windows) instead of Itanium names.</param>
    /// <exception cref="CpuNumericsException">One of the symbols is not exported.</exception>
    internal static LibTorchSwitches Resolve(IntPtr torchCpu, IntPtr c10, bool msvcNames)
    {
        IntPtr Export(IntPtr library, string what, string itanium, string msvc)
        {
            string name = msvcNames ? msvc : itanium;
            return NativeLibrary.TryGetExport(library, name, out IntPtr address)
                ? address
                : throw new CpuNumericsException(
                    $"Cannot choose libtorch's CPU numerics: it does not export {what} ({name}). Use the libtorch {TorchSharpRuntime.LibTorchVersion} " +
                    $"that BioVision references, or set {CpuNumerics.ConvolutionVariable}=libtorch to leave libtorch's defaults alone " +
                    "(known wrong convolution input gradients for channel counts that are not a multiple of 16 on x86 CPUs with AVX2/AVX-512).");
        }

        IntPtr global = Export(torchCpu, "at::globalContext()", "_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ");
        IntPtr getMkldnn = Export(torchCpu, "at::Context::userEnabledMkldnn()", "_ZNK2at7Context17userEnabledMkldnnEv", "?userEnabledMkldnn@Context@at@@QEBA_NXZ");
        IntPtr setMkldnn = Export(torchCpu, "at::Context::setUserEnabledMkldnn(bool)", "_ZN2at7Context20setUserEnabledMkldnnEb", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z");
        IntPtr getNnpack = Export(torchCpu, "at::Context::userEnabledNNPACK()", "_ZNK2at7Context17userEnabledNNPACKEv", "?userEnabledNNPACK@Context@at@@QEBA_NXZ");
        IntPtr setNnpack = Export(torchCpu, "at::Context::setUserEnabledNNPACK(bool)", "_ZN2at7Context20setUserEnabledNNPACKEb", "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z");
        IntPtr zeroFill = Export(c10, "the flag caffe2_cpu_allocator_do_zero_fill", "FLAGS_caffe2_cpu_allocator_do_zero_fill", "?FLAGS_caffe2_cpu_allocator_do_zero_fill@@3_NA");
        IntPtr context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(global)();
        return new LibTorchSwitches(
            context,
            Marshal.GetDelegateForFunctionPointer<GetFlag>(getMkldnn),
            Marshal.GetDelegateForFunctionPointer<SetFlag>(setMkldnn),
            Marshal.GetDelegateForFunctionPointer<GetFlag>(getNnpack),
            Marshal.GetDelegateForFunctionPointer<SetFlag>(setNnpack),
            zeroFill);
    }

    /// <summary>The full path in the folder BioVision preloaded libtorch from (Linux), else the bare name of the library TorchSharp loaded.</summary>
    private static string LibraryPath(string file) =>
        TorchSharpRuntime.LibTorchDirectory is { } directory && File.Exists(Path.Combine(directory, file)) ? Path.Combine(directory, file) : file;
}
