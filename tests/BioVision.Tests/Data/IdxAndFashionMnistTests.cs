using BioVision.Data;
using Xunit;

namespace BioVision.Tests.Data;

public class IdxAndFashionMnistTests
{
    private static readonly string[] TwoClasses = ["a", "b"];

    private static (string Images, string Labels) WritePair(TestFiles files, bool gzip, int images = 3, int labels = 3)
    {
        var pixels = Enumerable.Range(0, images * 2 * 4).Select(i => (byte)(i * 7)).ToArray();
        var labelBytes = Enumerable.Range(0, labels).Select(i => (byte)(i % 2)).ToArray();
        byte[] imageFile = TestFiles.Idx([images, 2, 4], pixels);
        byte[] labelFile = TestFiles.Idx([labels], labelBytes);
        return gzip
            ? (files.Write("img.gz", TestFiles.Gzip(imageFile)), files.Write("lab.gz", TestFiles.Gzip(labelFile)))
            : (files.Write("img", imageFile), files.Write("lab", labelFile));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_plain_and_gzip_idx_pairs_exactly(bool gzip)
    {
        using var files = new TestFiles();
        var (images, labels) = WritePair(files, gzip);
        var data = FashionMnist.LoadFiles(images, labels, TwoClasses);
        Assert.Equal(3, data.Count);
        Assert.Equal(new ImageShape(1, 2, 4), data.Shape);
        Assert.Equal([0, 1, 0], data.Labels);
        using var second = data.GetImage(1);
        float[] values = second.data<float>().ToArray();
        for (int p = 0; p < 8; p++)
        {
            Assert.Equal((byte)((8 + p) * 7) / 255f, values[p], 6);
        }
    }

    [Fact]
    public void Wrong_magic_number_is_reported()
    {
        using var files = new TestFiles();
        string path = files.Write("bad", TestFiles.Idx([2], [0, 1], magic: 0x12340801));
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadBytes(path, 1));
        Assert.Contains("magic", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_number_of_dimensions_is_reported()
    {
        using var files = new TestFiles();
        string path = files.Write("labels-as-images", TestFiles.Idx([4], [0, 1, 0, 1]));
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains("dimensions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_data_is_reported()
    {
        using var files = new TestFiles();
        byte[] full = TestFiles.Idx([3, 2, 4], new byte[24]);
        string path = files.Write("truncated", full[..^5]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported()
    {
        using var files = new TestFiles();
        byte[] gz = TestFiles.Gzip(TestFiles.Idx([3, 2, 4], new byte[24]));
        string path = files.Write("truncated.gz", gz[..(gz.Length / 2)]);
        Assert.Throws<DataFormatException>(() => IdxFile.ReadBytes(path, 3));
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_are_reported()
    {
        using var files = new TestFiles();
        var (images, labels) = WritePair(files, gzip: false, images: 3, labels: 4);
        var e = Assert.Throws<DataFormatException>(() => FashionMnist.LoadFiles(images, labels, TwoClasses));
        Assert.Contains("3 images", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_outside_the_classes_is_reported()
    {
        using var files = new TestFiles();
        string images = files.Write("i", TestFiles.Idx([1, 1, 1], [5]));
        string labels = files.Write("l", TestFiles.Idx([1], [7]));
        Assert.Throws<DataFormatException>(() => FashionMnist.LoadFiles(images, labels, TwoClasses));
    }

    [Fact]
    public void Missing_folder_names_the_debian_package()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Path.Combine(Path.GetTempPath(), "no-such-fashion-mnist")));
        Assert.Contains("dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
    }

    // Fashion-MNIST (Xiao et al. 2017) has 60 000 training and 10 000 test images of 28x28, 6000 / 1000 per class.
    // The files come from the Debian package dataset-fashion-mnist; this test fails when it is not installed.
    [Fact]
    public void Installed_fashion_mnist_has_the_published_sizes_and_balanced_classes()
    {
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(new ImageShape(1, 28, 28), train.Shape);
        Assert.All(train.Labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        Assert.All(test.Labels.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        Assert.Equal(10, train.Labels.Distinct().Count());
    }
}
