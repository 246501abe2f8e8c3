using BioVision.NativePatch;

namespace BioVision.Native;

/// <summary>What <see cref="TorchSharpRuntime.Initialize"/> found and did to make TorchSharp's native layer loadable.</summary>
/// <param name="Outcome">Whether the compatibility patch was needed, already present, applied, or impossible.</param>
/// <param name="LibTorchSharpPath">The <c>libLibTorchSharp.so</c> that was inspected (null off Linux or when none was found).</param>
/// <param name="LoadedPath">The library that was preloaded: the patched cached copy, or the found copy when it needed no patch (null off Linux).</param>
/// <param name="Detail">A readable explanation.</param>
public sealed record NativeLoadReport(VersionPatchOutcome Outcome, string? LibTorchSharpPath, string? LoadedPath, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => LoadedPath is null ? $"{Outcome}: {Detail}" : $"{Outcome}: {Detail}; preloaded {LoadedPath}";
}
