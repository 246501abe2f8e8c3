using BioVision.Data;
using Xunit;

namespace BioVision.Tests.Data;

/// <summary><see cref="DatasetCatalog.Validate"/> refuses bad paths without reading images.</summary>
public sealed class DatasetValidationTests
{
    [Fact]
    public void Missing_fashion_mnist_folder_is_named()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetCatalog.Validate(DatasetKind.FashionMnist, "/nonexistent/fashion"));
        Assert.Contains("/nonexistent/fashion", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_the_idx_files_is_refused_naming_the_file()
    {
        string folder = Directory.CreateTempSubdirectory("biovision-fmnist-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "train-images-idx3-ubyte.gz"), "");
            var e = Assert.Throws<FileNotFoundException>(() => DatasetCatalog.Validate(DatasetKind.FashionMnist, folder));
            Assert.Contains("train-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
            foreach (string name in new[] { "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            {
                File.WriteAllText(Path.Combine(folder, name), "");
            }

            DatasetCatalog.Validate(DatasetKind.FashionMnist, folder); // all four present (plain or gzip): accepted
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Paths_the_dataset_does_not_take_or_needs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DatasetCatalog.Validate(DatasetKind.Procedural, "/tmp"));
        DatasetCatalog.Validate(DatasetKind.Procedural, null);
        Assert.Throws<ArgumentException>(() => DatasetCatalog.Validate(DatasetKind.Cifar10, null));
        Assert.Throws<DirectoryNotFoundException>(() => DatasetCatalog.Validate(DatasetKind.Cifar10, "/nonexistent/cifar"));
        Assert.Throws<DirectoryNotFoundException>(() => DatasetCatalog.Validate(DatasetKind.Folder, "/nonexistent/images"));
    }
}
