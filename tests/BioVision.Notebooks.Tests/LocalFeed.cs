using System.Globalization;

namespace BioVision.Notebooks.Tests;

/// <summary>
/// Packs BioVision.Interactive and the packages it depends on into a temporary folder feed, exactly as the README's
/// `dotnet pack src/BioVision.Interactive -o DIR` does, under a version unique to this test run so that the NuGet
/// package folder can never serve a copy packed from older code. Removes its packages from the NuGet package folder
/// afterwards. Also gives the run its own notebook output folder (BIOVISION_NOTEBOOK_OUTPUT, inherited by the twins
/// and the Jupyter kernel): the notebook and its twin share trained runs and study tasks within this run, but never
/// with another run, checkout or version of the notebooks (the default folder in the temp directory is shared).
/// </summary>
public sealed class LocalFeed : IDisposable
{
    /// <summary>Package ids the pack command produces.</summary>
    public static readonly string[] PackageIds = ["BioVision.Interactive", "BioVision", "BioVision.Rsa", "BioVision.Plotting", "BioVision.Reports", "BioVision.NativePatch"];

    public LocalFeed()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("biovision-feed-").FullName;
        NotebookOutput = System.IO.Directory.CreateTempSubdirectory("biovision-notebook-output-").FullName;
        Environment.SetEnvironmentVariable("BIOVISION_NOTEBOOK_OUTPUT", NotebookOutput);
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet,
            ["pack", Path.Combine(RepositoryPaths.Root, "src", "BioVision.Interactive"), "--no-build", "-c", configuration, "-o", Directory,
             $"-p:PackageVersion={Version}", "-nologo"],
            RepositoryPaths.Root);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack src/BioVision.Interactive failed ({exitCode}):\n{output}");
        }

        var missing = PackageIds.Where(id => !File.Exists(Path.Combine(Directory, $"{id}.{Version}.nupkg"))).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"The pack command did not produce {string.Join(", ", missing)} in {Directory}:\n{output}");
        }
    }

    /// <summary>The folder holding the packages.</summary>
    public string Directory { get; }

    /// <summary>The notebooks' output folder for this test run (also in BIOVISION_NOTEBOOK_OUTPUT).</summary>
    public string NotebookOutput { get; }

    /// <summary>The version of every package in the feed.</summary>
    public string Version { get; }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        System.IO.Directory.Delete(NotebookOutput, recursive: true);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in PackageIds)
        {
            string extracted = Path.Combine(packages, id.ToLowerInvariant(), Version);
            if (System.IO.Directory.Exists(extracted))
            {
                System.IO.Directory.Delete(extracted, recursive: true);
            }
        }
    }
}
