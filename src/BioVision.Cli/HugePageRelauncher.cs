using System.Diagnostics;

namespace BioVision.Cli;

/// <summary>
/// Starts the CLI again with glibc's transparent-huge-page support for malloc (<c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c>)
/// when it is not yet on. libtorch allocates a fresh buffer of tens of megabytes for most operations on 224-pixel
/// batches; with 4 KiB pages each such buffer costs thousands of page faults, which measured here dominated the VOneBlock
/// forward at batch 8 and 32 (3–8× slower). glibc reads tunables only at process start, hence the relaunch.
/// Set <c>BIOVISION_HUGEPAGES=0</c> to run without it. Library users set the variable in their own environment.
/// </summary>
internal static class HugePageRelauncher
{
    private const string Tunables = "GLIBC_TUNABLES";
    private const string Setting = "glibc.malloc.hugetlb=1";
    private const string OptOut = "BIOVISION_HUGEPAGES";
    private const string Guard = "BIOVISION_RELAUNCHED";

    /// <summary>True when this process should hand over to a relaunched copy of itself.</summary>
    public static bool ShouldRelaunch()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Guard) is not null
            || Environment.GetEnvironmentVariable(OptOut) == "0")
        {
            return false;
        }

        string current = Environment.GetEnvironmentVariable(Tunables) ?? string.Empty;
        return !current.Contains("glibc.malloc.hugetlb", StringComparison.Ordinal);
    }

    /// <summary>Runs the same command line in a child process with the tunable set and returns its exit code.</summary>
    /// <param name="args">The command-line arguments of this process.</param>
    public static int Relaunch(string[] args)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(HugePageRelauncher).Assembly.Location);
        }

        foreach (string argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        string current = Environment.GetEnvironmentVariable(Tunables) ?? string.Empty;
        info.Environment[Tunables] = current.Length == 0 ? Setting : $"{current}:{Setting}";
        info.Environment[Guard] = "1";

        // Ctrl+C reaches the child through the terminal's process group; this process just waits for it.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {host}.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
