using BioVision.Data;
using BioVision.Rsa;
using SkiaSharp;
using Xunit;

namespace BioVision.Tests.Data;

public class ImageFileTests
{
    private static byte[] Png(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, color(x, y));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void Image_folder_gives_sorted_classes_and_exact_png_pixels()
    {
        using var files = new TestFiles();
        files.Write("dogs/a.png", Png(4, 3, (x, y) => new SKColor((byte)(10 * x), (byte)(20 * y), 200)));
        files.Write("cats/b.png", Png(4, 3, (_, _) => new SKColor(1, 2, 3)));
        files.Write("cats/notes.txt", [1, 2, 3]);
        var data = ImageFolder.Load(files.Root);
        Assert.Equal(["cats", "dogs"], data.Classes);
        Assert.Equal(2, data.Count);
        Assert.Equal([0, 1], Enumerable.Range(0, 2).Select(data.GetLabel));
        Assert.Equal(new ImageShape(3, 3, 4), data.Shape);
        using var dog = data.GetImage(1);
        Assert.Equal(30 / 255f, dog[0, 1, 3].item<float>(), 6);
        Assert.Equal(40 / 255f, dog[1, 2, 3].item<float>(), 6);
        Assert.Equal(200 / 255f, dog[2, 0, 0].item<float>(), 6);
    }

    [Fact]
    public void Grayscale_decoding_uses_luma_weights()
    {
        byte[] png = Png(2, 2, (_, _) => new SKColor(255, 0, 0));
        using var gray = ImageDecoder.Decode(png, channels: 1);
        Assert.Equal(0.299f, gray[0, 1, 1].item<float>(), 5);
    }

    [Fact]
    public void Corrupt_image_is_reported_with_its_name()
    {
        var e = Assert.Throws<DataFormatException>(() => ImageDecoder.Decode([0xFF, 0xD8, 0xFF, 0x00, 0x01], name: "broken.jpg"));
        Assert.Contains("broken.jpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_jpeg_in_an_image_folder_is_rejected_with_its_name()
    {
        using var bitmap = new SKBitmap(64, 64, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        bitmap.Erase(new SKColor(120, 30, 200));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        byte[] jpeg = data.ToArray();
        using (var whole = ImageDecoder.Decode(jpeg, name: "whole.jpg"))
        {
            Assert.Equal(64, whole.shape[1]);
        }

        using var files = new TestFiles();
        files.Write("cats/a.jpg", jpeg);
        files.Write("dogs/cut.jpg", jpeg[..(jpeg.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() =>
        {
            var folder = ImageFolder.Load(files.Root);
            for (int i = 0; i < folder.Count; i++)
            {
                using var image = folder.GetImage(i);
            }
        });
        Assert.Contains("cut.jpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_class_subfolders_is_reported()
    {
        using var files = new TestFiles();
        Assert.Throws<DataFormatException>(() => ImageFolder.Load(files.Root));
    }

    // The 92 images of Kriegeskorte et al. (2008), Algonauts 2019 copy: 92 JPEGs of 175x175 RGB (data MANIFEST).
    [Fact]
    public void The_92_stimulus_images_load_in_order()
    {
        var data = StimulusSets.Load92Images(SharedDataPaths.Data("algonauts2019_92/92images"));
        Assert.Equal(92, data.Count);
        Assert.Equal(new ImageShape(3, 175, 175), data.Shape);
        Assert.Equal("image_01", data.Classes[0]);
        Assert.Equal("image_92", data.Classes[91]);
        using var last = data.GetImage(91);
        Assert.InRange(last.min().item<float>(), 0f, 1f);
        Assert.InRange(last.max().item<float>(), 0f, 1f);
    }

    // Cowley et al. (2023): 112x112 RGB JPEGs numbered from 1; session 190923 (1200 images) zips a subfolder,
    // session 210305 (400 images) does not (data MANIFEST).
    [Theory]
    [InlineData("190923", 1200)]
    [InlineData("210305", 400)]
    public void Cowley_v4_images_are_read_from_the_zip_in_numeric_order(string session, int count)
    {
        var data = StimulusSets.LoadCowleyV4(SharedDataPaths.Data($"cowley2023_V4/images/images_{session}.zip"));
        Assert.Equal(count, data.Count);
        Assert.Equal(new ImageShape(3, 112, 112), data.Shape);
        Assert.Equal("image0001.jpg", data.Classes[0]);
        Assert.Equal($"image{count:D4}.jpg", data.Classes[count - 1]);
        Assert.Equal(count - 1, data.GetLabel(count - 1));
    }

    [Fact]
    public void Zip_with_a_gap_in_the_numbering_is_reported()
    {
        using var files = new TestFiles();
        string path = files.PathOf("images_x.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (string name in new[] { "image0001.jpg", "image0003.jpg" })
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Png(2, 2, (_, _) => SKColors.White));
            }
        }

        Assert.Throws<DataFormatException>(() => StimulusSets.LoadCowleyV4(path));
    }
}
