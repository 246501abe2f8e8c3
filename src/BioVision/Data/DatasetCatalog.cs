namespace BioVision.Data;

/// <summary>Opens the training and test splits of a <see cref="DatasetKind"/> from a path.</summary>
public static class DatasetCatalog
{
    /// <summary>Number of training images of the default procedural dataset.</summary>
    public const int ProceduralTrainCount = 6000;

    /// <summary>Number of test images of the default procedural dataset.</summary>
    public const int ProceduralTestCount = 1000;

    /// <summary>Parses a dataset name: <c>procedural</c>, <c>fashion-mnist</c>, <c>cifar10</c>, <c>cifar100</c> or <c>folder</c> (case and dashes ignored).</summary>
    /// <param name="text">The name.</param>
    /// <exception cref="ArgumentException">The name is not a known dataset.</exception>
    public static DatasetKind Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<DatasetKind>(key, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"Unknown dataset '{text}': expected procedural, fashion-mnist, cifar10, cifar100 or folder.", nameof(text));
    }

    /// <summary>Opens the training and test splits.</summary>
    /// <param name="kind">Which dataset.</param>
    /// <param name="path">Its folder: for <see cref="DatasetKind.FashionMnist"/> null means the Debian location; for
    /// <see cref="DatasetKind.Folder"/> the folder must hold <c>train</c> and <c>test</c> (or <c>val</c>) subfolders, each an image folder.</param>
    /// <param name="seed">Seed of the procedural dataset (the test split uses seed + 1).</param>
    /// <param name="imageSize">For image folders: the height and width images are resized to (<see cref="Transforms.ImageResize"/>). Default 64.</param>
    /// <exception cref="ArgumentException">A path is required but missing.</exception>
    public static (IImageDataset Train, IImageDataset Test) Open(DatasetKind kind, string? path = null, long seed = 0, int imageSize = 64)
    {
        switch (kind)
        {
            case DatasetKind.Procedural:
                var options = new ProceduralDatasetOptions { Count = ProceduralTrainCount, Seed = seed };
                return (ProceduralDataset.Generate(options), ProceduralDataset.Generate(options with { Count = ProceduralTestCount, Seed = seed + 1 }));
            case DatasetKind.FashionMnist:
                return (FashionMnist.Load(path, train: true), FashionMnist.Load(path, train: false));
            case DatasetKind.Cifar10:
                return (Cifar.LoadCifar10(Required(path, kind)), Cifar.LoadCifar10(Required(path, kind), train: false));
            case DatasetKind.Cifar100:
                return (Cifar.LoadCifar100(Required(path, kind)), Cifar.LoadCifar100(Required(path, kind), train: false));
            case DatasetKind.Folder:
                string root = Required(path, kind);
                string test = Directory.Exists(Path.Combine(root, "test")) ? "test" : "val";
                return (ImageFolder.Load(Path.Combine(root, "train"), 3, (imageSize, imageSize)), ImageFolder.Load(Path.Combine(root, test), 3, (imageSize, imageSize)));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset.");
        }
    }

    /// <summary>
    /// Checks, without reading any images, that <see cref="Open"/> will find the data: the procedural dataset takes no
    /// path; Fashion-MNIST's folder (default <see cref="FashionMnist.DefaultDirectory"/>) holds its four IDX files
    /// (plain or gzip); CIFAR and image folders need an existing path. Commands call this before any work starts.
    /// </summary>
    /// <param name="kind">Which dataset.</param>
    /// <param name="path">Its path, as passed to <see cref="Open"/>.</param>
    /// <exception cref="ArgumentException">A path is given to the procedural dataset, or a required one is missing.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file the dataset needs is missing.</exception>
    public static void Validate(DatasetKind kind, string? path)
    {
        switch (kind)
        {
            case DatasetKind.Procedural:
                if (path is not null)
                {
                    throw new ArgumentException($"The procedural dataset is generated from a seed and reads no files; --data-path '{path}' is not used by it.", nameof(path));
                }

                return;
            case DatasetKind.FashionMnist:
                string folder = ExistingFolder(path ?? FashionMnist.DefaultDirectory, kind,
                    path is null ? " (install the Debian package dataset-fashion-mnist, or pass --data-path)" : "");
                foreach (string name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
                {
                    if (!File.Exists(Path.Combine(folder, name)) && !File.Exists(Path.Combine(folder, name + ".gz")))
                    {
                        throw new FileNotFoundException($"The Fashion-MNIST folder '{folder}' has no {name} (or {name}.gz).", Path.Combine(folder, name));
                    }
                }

                return;
            case DatasetKind.Cifar10 or DatasetKind.Cifar100:
                string cifar = Required(path, kind);
                if (!Directory.Exists(cifar) && !File.Exists(cifar))
                {
                    throw new DirectoryNotFoundException($"The {kind} data path '{cifar}' does not exist.");
                }

                return;
            case DatasetKind.Folder:
                ExistingFolder(Required(path, kind), kind, "");
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset.");
        }
    }

    private static string ExistingFolder(string path, DatasetKind kind, string hint) =>
        Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"The {kind} data folder '{path}' does not exist{hint}.");

    /// <summary>The first <paramref name="limit"/> images of a dataset (all when null or larger).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="limit">The maximum number of images.</param>
    public static IImageDataset Limit(IImageDataset dataset, int? limit)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (limit is not { } n || n >= dataset.Count)
        {
            return dataset;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return dataset is InMemoryImageDataset memory ? memory.Take(n) : new SubsetDataset(dataset, n);
    }

    private static string Required(string? path, DatasetKind kind) =>
        path ?? throw new ArgumentException($"Dataset {kind} needs a path (--data-path).", nameof(path));
}
