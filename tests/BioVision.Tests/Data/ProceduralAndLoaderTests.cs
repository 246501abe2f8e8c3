using BioVision.Data;
using BioVision.Data.Transforms;
using TorchSharp;
using Xunit;

namespace BioVision.Tests.Data;

public class ProceduralAndLoaderTests
{
    private static readonly ProceduralDatasetOptions Small = new() { Count = 50, Size = 16, Seed = 3 };

    private static float[] AllPixels(IImageDataset data)
    {
        using var scope = torch.NewDisposeScope();
        return [.. Enumerable.Range(0, data.Count).SelectMany(i => data.GetImage(i).data<float>().ToArray())];
    }

    [Fact]
    public void Procedural_dataset_is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        var a = ProceduralDataset.Generate(Small);
        var b = ProceduralDataset.Generate(Small);
        var c = ProceduralDataset.Generate(Small with { Seed = 4 });
        Assert.Equal(AllPixels(a), AllPixels(b));
        Assert.NotEqual(AllPixels(a), AllPixels(c));
    }

    [Fact]
    public void Procedural_dataset_has_balanced_classes_in_range()
    {
        var data = ProceduralDataset.Generate(Small);
        Assert.Equal(10, data.Classes.Count);
        Assert.All(data.Labels.GroupBy(l => l), g => Assert.Equal(5, g.Count()));
        float[] pixels = AllPixels(data);
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.True(pixels.Distinct().Count() > 100, "images should not be constant");
    }

    [Fact]
    public void Every_epoch_visits_every_image_exactly_once()
    {
        var data = ProceduralDataset.Generate(Small with { Count = 37 });
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 1 });
        Assert.Equal(5, loader.BatchesPerEpoch);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(Enumerable.Range(0, 37), loader.Order(epoch).Order());
        }

        Assert.NotEqual(loader.Order(0), loader.Order(1));
        var again = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 1 });
        Assert.Equal(loader.Order(1), again.Order(1));
    }

    [Fact]
    public void Batches_hold_the_images_and_labels_of_the_order()
    {
        var data = ProceduralDataset.Generate(Small with { Count = 20 });
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 6, Seed = 9 });
        var order = loader.Order(2);
        using var scope = torch.NewDisposeScope();
        using var batch = loader.GetBatch(2, 3);
        Assert.Equal(2, batch.Size);
        Assert.Equal(new long[] { 2, 1, 16, 16 }, batch.Images.shape);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(data.GetLabel(order[18 + i]), batch.Labels[i].item<long>());
            Assert.Equal(0f, (batch.Images[i] - data.GetImage(order[18 + i])).abs().max().item<float>());
        }
    }

    [Fact]
    public void Unshuffled_loader_keeps_the_dataset_order_and_drop_last_drops()
    {
        var data = ProceduralDataset.Generate(Small with { Count = 10 });
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 4, Shuffle = false, DropLast = true });
        Assert.Equal(Enumerable.Range(0, 10), loader.Order(5));
        Assert.Equal(2, loader.BatchesPerEpoch);
    }

    [Fact]
    public void Random_transforms_repeat_for_the_same_batch_and_seed()
    {
        var data = ProceduralDataset.Generate(Small with { Count = 16 });
        var options = new DataLoaderOptions { BatchSize = 16, Seed = 2, Transform = new Compose([new RandomCrop(16, 16, 2), new RandomHorizontalFlip()]) };
        using var scope = torch.NewDisposeScope();
        var first = new DataLoader(data, options).GetBatch(1, 0).Images;
        var second = new DataLoader(data, options).GetBatch(1, 0).Images;
        var otherEpoch = new DataLoader(data, options).GetBatch(0, 0);
        Assert.Equal(0f, (first - second).abs().max().item<float>());
        Assert.True((first - new DataLoader(data, options with { Transform = null }).GetBatch(1, 0).Images).abs().max().item<float>() > 0);
        Assert.Equal(16, otherEpoch.Size);
    }
}
