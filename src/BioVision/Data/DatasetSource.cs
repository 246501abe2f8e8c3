using System.Globalization;

namespace BioVision.Data;

/// <summary>
/// Where a dataset comes from, as <see cref="DatasetCatalog.Open"/> takes it: its kind, folder, procedural seed and (for
/// image folders) image size. A training run records the source it was trained on (<see cref="Training.TrainingRecipe.Dataset"/>),
/// so that evaluating commands open the same test split by default and refuse another one unless asked.
/// </summary>
/// <remarks>
/// Identity (<see cref="Difference"/>) is the kind, the procedural seed, the image size of folder datasets and the folder of
/// a folder dataset. The folder of Fashion-MNIST or CIFAR is only where a standard data set lies: the same data moved to
/// another folder is the same dataset.
/// </remarks>
public sealed record DatasetSource
{
    /// <summary>Which dataset.</summary>
    public DatasetKind Kind { get; init; }

    /// <summary>Its folder as a full path (Fashion-MNIST: <see cref="FashionMnist.DefaultDirectory"/> when none was given); null for the procedural dataset.</summary>
    public string? Path { get; init; }

    /// <summary>The procedural dataset's seed (its test split uses seed + 1); 0 for the others.</summary>
    public long Seed { get; init; }

    /// <summary>The side images of a folder dataset are resized to; 0 for the others (their images keep their size).</summary>
    public int ImageSize { get; init; }

    /// <summary>
    /// The source <see cref="DatasetCatalog.Open"/> opens for these arguments, in canonical form: the path made absolute
    /// (Fashion-MNIST's default filled in), the seed kept only for the procedural dataset, the image size only for folders.
    /// </summary>
    /// <param name="kind">Which dataset.</param>
    /// <param name="path">Its folder (null: none, or Fashion-MNIST's default).</param>
    /// <param name="seed">The procedural dataset's seed.</param>
    /// <param name="imageSize">The image side of a folder dataset.</param>
    /// <exception cref="ArgumentOutOfRangeException">A folder dataset with a non-positive image size.</exception>
    /// <exception cref="ArgumentException">A path given to the procedural dataset (it reads no files).</exception>
    public static DatasetSource Of(DatasetKind kind, string? path = null, long seed = 0, int imageSize = 64)
    {
        if (kind == DatasetKind.Folder)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageSize);
        }
        else if (kind == DatasetKind.Procedural)
        {
            DatasetCatalog.Validate(kind, path); // a path given to the generated dataset is a mistake, not something to drop
        }

        string? full = kind switch
        {
            DatasetKind.Procedural => null,
            DatasetKind.FashionMnist => System.IO.Path.GetFullPath(path ?? FashionMnist.DefaultDirectory),
            _ => path is null ? null : System.IO.Path.GetFullPath(path),
        };
        return new DatasetSource
        {
            Kind = kind,
            Path = full,
            Seed = kind == DatasetKind.Procedural ? seed : 0,
            ImageSize = kind == DatasetKind.Folder ? imageSize : 0,
        };
    }

    /// <summary>
    /// The source as <see cref="Difference"/> compares it: the folder of a standard data set (Fashion-MNIST, CIFAR) dropped,
    /// since the same data in another folder is the same dataset. Fingerprints of runs are taken of this form.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DatasetSource Identity => Kind is DatasetKind.Procedural or DatasetKind.Folder ? this : this with { Path = null };

    /// <summary>Opens its training and test splits (<see cref="DatasetCatalog.Open"/>).</summary>
    /// <exception cref="ArgumentException">A path is required but missing.</exception>
    public (IImageDataset Train, IImageDataset Test) Open() =>
        DatasetCatalog.Open(Kind, Path, Seed, ImageSize > 0 ? ImageSize : 64);

    /// <summary>Checks without reading images that <see cref="Open"/> will find the data (<see cref="DatasetCatalog.Validate"/>).</summary>
    public void Validate() => DatasetCatalog.Validate(Kind, Kind == DatasetKind.Procedural ? null : Path);

    /// <summary>
    /// What makes <paramref name="other"/> another dataset than this one, as a readable phrase (null when it is the same
    /// dataset): another kind, procedural seed, image size or image folder. A standard data set's folder is not compared.
    /// </summary>
    /// <param name="other">The other source.</param>
    public string? Difference(DatasetSource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Kind != other.Kind ? $"{Name(Kind)}, not {Name(other.Kind)}"
            : Kind == DatasetKind.Procedural && Seed != other.Seed ? string.Create(CultureInfo.InvariantCulture, $"procedural seed {Seed}, not {other.Seed}")
            : Kind == DatasetKind.Folder && ImageSize != other.ImageSize ? string.Create(CultureInfo.InvariantCulture, $"images at {ImageSize} px, not {other.ImageSize} px")
            : Kind == DatasetKind.Folder && !string.Equals(Path, other.Path, StringComparison.Ordinal) ? $"the image folder '{Path}', not '{other.Path}'"
            : null;
    }

    /// <summary>The command-line name of a dataset kind (<c>fashion-mnist</c>, <c>procedural</c>, ...), as <see cref="DatasetCatalog.Parse"/> reads it.</summary>
    /// <param name="kind">The kind.</param>
    public static string Name(DatasetKind kind) => kind switch
    {
        DatasetKind.FashionMnist => "fashion-mnist",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The source in words: <c>fashion-mnist (/usr/share/datasets/fashion-mnist)</c>, <c>procedural (seed 3)</c>, <c>folder /data/x at 64 px</c>.</summary>
    public override string ToString() => Kind switch
    {
        DatasetKind.Procedural => string.Create(CultureInfo.InvariantCulture, $"procedural (seed {Seed})"),
        DatasetKind.Folder => string.Create(CultureInfo.InvariantCulture, $"folder {Path} at {ImageSize} px"),
        _ => Path is null ? Name(Kind) : $"{Name(Kind)} ({Path})",
    };
}
