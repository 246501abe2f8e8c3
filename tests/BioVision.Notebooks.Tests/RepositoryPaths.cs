using Xunit;

namespace BioVision.Notebooks.Tests;

internal static class RepositoryPaths
{
    /// <summary>The checkout's root (the folder holding BioVision.sln).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BioVision.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No BioVision.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>Every notebook in notebooks/, as xUnit theory data.</summary>
    public static TheoryData<string> NotebookNames()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Notebooks, "*.ipynb").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }
}
