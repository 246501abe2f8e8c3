using BioVision.Data;
using Xunit;

namespace BioVision.Tests.Data;

public class CifarTests
{
    private static byte[] Records(int count, int labelBytes, Func<int, int, byte> label)
    {
        int record = labelBytes + Cifar.ImageBytes;
        var bytes = new byte[count * record];
        for (int r = 0; r < count; r++)
        {
            for (int l = 0; l < labelBytes; l++)
            {
                bytes[(r * record) + l] = label(r, l);
            }

            for (int p = 0; p < Cifar.ImageBytes; p++)
            {
                bytes[(r * record) + labelBytes + p] = (byte)((p / 1024 * 100) + r);
            }
        }

        return bytes;
    }

    [Fact]
    public void Cifar10_records_are_read_channel_major_with_labels()
    {
        using var files = new TestFiles();
        files.Write("test_batch.bin", Records(3, 1, (r, _) => (byte)(9 - r)));
        var data = Cifar.LoadCifar10(files.Root, train: false);
        Assert.Equal(3, data.Count);
        Assert.Equal(new ImageShape(3, 32, 32), data.Shape);
        Assert.Equal([9, 8, 7], data.Labels);
        using var image = data.GetImage(2);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(((c * 100) + 2) / 255f, image[c, 5, 7].item<float>(), 6);
        }
    }

    [Fact]
    public void Cifar10_training_split_concatenates_five_batches()
    {
        using var files = new TestFiles();
        for (int i = 1; i <= 5; i++)
        {
            files.Write($"data_batch_{i}.bin", Records(2, 1, (_, _) => (byte)i));
        }

        var data = Cifar.LoadCifar10(files.Root);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], data.Labels);
    }

    [Fact]
    public void Cifar100_uses_the_fine_label()
    {
        using var files = new TestFiles();
        files.Write("train.bin", Records(2, 2, (r, l) => (byte)(l == 0 ? 3 : 50 + r)));
        var data = Cifar.LoadCifar100(files.Root);
        Assert.Equal([50, 51], data.Labels);
        Assert.Equal(100, data.Classes.Count);
    }

    [Fact]
    public void Truncated_file_is_reported()
    {
        using var files = new TestFiles();
        files.Write("test_batch.bin", Records(2, 1, (_, _) => 1)[..^100]);
        var e = Assert.Throws<DataFormatException>(() => Cifar.LoadCifar10(files.Root, train: false));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_outside_the_classes_is_reported()
    {
        using var files = new TestFiles();
        files.Write("test_batch.bin", Records(1, 1, (_, _) => 10));
        Assert.Throws<DataFormatException>(() => Cifar.LoadCifar10(files.Root, train: false));
    }

    [Fact]
    public void Missing_batch_is_reported()
    {
        using var files = new TestFiles();
        Assert.Throws<FileNotFoundException>(() => Cifar.LoadCifar10(files.Root));
    }
}
