using BioVision.Rsa;
using Xunit;

namespace BioVision.Rsa.Tests;

/// <summary>An explicit data root is checked and used; without one the default lookup stays.</summary>
public sealed class SharedDataRootTests
{
    [Fact]
    public void Explicit_root_resolves_inside_it_and_a_missing_root_is_named()
    {
        string root = Directory.CreateTempSubdirectory("biovision-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "set"));
            File.WriteAllText(Path.Combine(root, "set", "file.txt"), "x");
            Assert.Equal(Path.Combine(root, "set", "file.txt"), SharedDataPaths.Data("set/file.txt", root));
            var missingFile = Assert.Throws<FileNotFoundException>(() => SharedDataPaths.Data("set/other.txt", root));
            Assert.Contains(root, missingFile.Message, StringComparison.Ordinal);
            Assert.Equal(root, SharedDataPaths.RequireDataRoot(root + "/"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        var missingRoot = Assert.Throws<DirectoryNotFoundException>(() => SharedDataPaths.Data("set/file.txt", "/nonexistent/data-root"));
        Assert.Contains("/nonexistent/data-root", missingRoot.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SharedDataPaths.RequireDataRoot(" "));
    }
}
