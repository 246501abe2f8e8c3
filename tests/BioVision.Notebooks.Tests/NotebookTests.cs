using Xunit;

namespace BioVision.Notebooks.Tests;

/// <summary>Every notebook runs cell by cell in the Roslyn-scripting runner, and its `dotnet run` twin runs too.</summary>
public sealed class NotebookTests
{
    private static string Runner => Path.Combine(AppContext.BaseDirectory, "BioVision.Notebooks.dll");

    [Theory]
    [MemberData(nameof(RepositoryPaths.NotebookNames), MemberType = typeof(RepositoryPaths))]
    public void NotebookRunsToTheEnd(string notebook)
    {
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet,
            ["exec", Runner, Path.Combine(RepositoryPaths.Notebooks, notebook), "--lib", AppContext.BaseDirectory],
            RepositoryPaths.Notebooks);
        Assert.True(exitCode == 0, $"{notebook} failed:\n{output}");
    }

    [Theory]
    [MemberData(nameof(RepositoryPaths.NotebookNames), MemberType = typeof(RepositoryPaths))]
    public void NotebookHasARunnableTwin(string notebook)
    {
        string twin = Path.ChangeExtension(Path.Combine(RepositoryPaths.Notebooks, notebook), ".cs");
        Assert.True(File.Exists(twin), $"{notebook} has no `dotnet run` twin {twin}");
        var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet, ["run", twin], RepositoryPaths.Root);
        Assert.True(exitCode == 0, $"dotnet run {Path.GetFileName(twin)} failed:\n{output}");
    }

    [Fact]
    public void MalformedNotebookIsReportedWithItsName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, "{ \"cells\": [ { \"cell_type\": \"code\", ");
        try
        {
            var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet, ["exec", Runner, path], Path.GetTempPath());
            Assert.Equal(1, exitCode);
            Assert.Contains(Path.GetFileName(path), output, StringComparison.Ordinal);
            Assert.Contains("not valid JSON", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FailingCellStopsTheRunAndNamesTheCell()
    {
        string path = Path.Combine(Path.GetTempPath(), $"failing-{Guid.NewGuid():N}.csx");
        File.WriteAllText(path, "var x = 1;\nthrow new System.InvalidOperationException(\"cell failed on purpose\");\n");
        try
        {
            var (exitCode, output) = ChildProcess.Run(ChildProcess.Dotnet, ["exec", Runner, path], Path.GetTempPath());
            Assert.Equal(1, exitCode);
            Assert.Contains("cell failed on purpose", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
