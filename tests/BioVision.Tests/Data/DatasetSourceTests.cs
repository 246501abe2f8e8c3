using System.Text.Json;
using BioVision.Data;
using BioVision.Training;
using Xunit;

namespace BioVision.Tests.Data;

public class DatasetSourceTests
{
    [Fact]
    public void Sources_are_canonical_and_keep_only_what_identifies_the_dataset()
    {
        var procedural = DatasetSource.Of(DatasetKind.Procedural, seed: 3, imageSize: 99);
        Assert.Equal(new DatasetSource { Kind = DatasetKind.Procedural, Seed = 3 }, procedural);
        Assert.Equal("procedural (seed 3)", procedural.ToString());

        var fashion = DatasetSource.Of(DatasetKind.FashionMnist, seed: 7);
        Assert.Equal(Path.GetFullPath(FashionMnist.DefaultDirectory), fashion.Path);
        Assert.Equal(0, fashion.Seed);
        Assert.Equal(0, fashion.ImageSize);
        Assert.Equal($"fashion-mnist ({fashion.Path})", fashion.ToString());

        var folder = DatasetSource.Of(DatasetKind.Folder, "relative/images", imageSize: 32);
        Assert.Equal(Path.GetFullPath("relative/images"), folder.Path);
        Assert.Equal($"folder {folder.Path} at 32 px", folder.ToString());

        Assert.Throws<ArgumentException>(() => DatasetSource.Of(DatasetKind.Procedural, "/some/folder"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSource.Of(DatasetKind.Folder, "x", imageSize: 0));
        foreach (var kind in Enum.GetValues<DatasetKind>())
        {
            Assert.Equal(kind, DatasetCatalog.Parse(DatasetSource.Name(kind))); // the name is what the CLI reads back
        }
    }

    [Fact]
    public void Difference_names_kind_seed_size_and_image_folder_but_not_where_a_standard_dataset_lies()
    {
        var p0 = DatasetSource.Of(DatasetKind.Procedural);
        Assert.Null(p0.Difference(DatasetSource.Of(DatasetKind.Procedural)));
        Assert.Equal("procedural seed 0, not 1", p0.Difference(DatasetSource.Of(DatasetKind.Procedural, seed: 1)));
        Assert.Equal("procedural, not fashion-mnist", p0.Difference(DatasetSource.Of(DatasetKind.FashionMnist)));

        var here = DatasetSource.Of(DatasetKind.FashionMnist, "/data/a");
        var there = DatasetSource.Of(DatasetKind.FashionMnist, "/data/b");
        Assert.Null(here.Difference(there));
        Assert.Equal(here.Identity, there.Identity);
        Assert.Null(here.Identity.Path);

        var folder = DatasetSource.Of(DatasetKind.Folder, "/data/a", imageSize: 32);
        Assert.Equal("images at 32 px, not 64 px", folder.Difference(folder with { ImageSize = 64 }));
        Assert.Equal("the image folder '/data/a', not '/data/b'", folder.Difference(DatasetSource.Of(DatasetKind.Folder, "/data/b", imageSize: 32)));
        Assert.Equal(folder, folder.Identity); // an image folder is the dataset itself
    }

    [Fact]
    public void Recipes_round_trip_their_dataset_and_runs_without_one_keep_their_old_json()
    {
        var recipe = new TrainingRecipe { Model = "m", Data = "d", Dataset = DatasetSource.Of(DatasetKind.Procedural, seed: 5) };
        string json = JsonSerializer.Serialize(recipe, TrainingJsonContext.Default.TrainingRecipe);
        Assert.Equal(recipe, JsonSerializer.Deserialize(json, TrainingJsonContext.Default.TrainingRecipe));
        Assert.Contains("\"dataset\"", json, StringComparison.Ordinal);

        string legacy = JsonSerializer.Serialize(recipe with { Dataset = null }, TrainingJsonContext.Default.TrainingRecipe);
        Assert.DoesNotContain("dataset", legacy, StringComparison.OrdinalIgnoreCase); // fingerprints of earlier runs are unchanged
        Assert.Null(JsonSerializer.Deserialize(legacy, TrainingJsonContext.Default.TrainingRecipe)!.Dataset);
    }

    [Fact]
    public void Recipe_mismatch_names_another_dataset_and_accepts_an_unrecorded_one()
    {
        var recipe = new TrainingRecipe { Model = "m", Data = "d", Dataset = DatasetSource.Of(DatasetKind.Procedural) };
        Assert.Null(recipe.Mismatch(recipe));
        Assert.Null(recipe.Mismatch(recipe with { Dataset = null }));
        Assert.Null((recipe with { Dataset = null }).Mismatch(recipe));
        Assert.Equal("dataset: the checkpoint was trained on fashion-mnist, not procedural",
            recipe.Mismatch(recipe with { Dataset = DatasetSource.Of(DatasetKind.FashionMnist) }));
    }
}
