using BioVision.NativePatch;

// Build-time entry point: biovision-nativepatch <library.so> [--output <path>]
// Patches in place (atomically) unless --output is given. Exit codes: 0 done or not needed, 1 usage or read error,
// 2 the patch cannot help on this system (the run-time initialiser then explains what is missing).
if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--output"))
{
    Console.Error.WriteLine("usage: BioVision.NativePatch <library.so> [--output <path>]");
    return 1;
}

string source = args[0];
string target = args.Length == 3 ? args[2] : source;
if (!OperatingSystem.IsLinux())
{
    Console.WriteLine($"BioVision.NativePatch: not Linux, {source} left as it is");
    return 0;
}

try
{
    var available = SystemLibrary.DefinedVersions(SystemLibrary.LibStdCxx);
    var plan = ElfVersionPatcher.PatchFile(source, target, SystemLibrary.LibStdCxx, available);
    Console.WriteLine($"BioVision.NativePatch: {Path.GetFileName(target)}: {plan}");
    return plan.Outcome == VersionPatchOutcome.Impossible ? 2 : 0;
}
catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"BioVision.NativePatch: {e.Message}");
    return 1;
}
