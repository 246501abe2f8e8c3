namespace BioVision.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28x28 grayscale clothing images in 10 classes, 60 000 for
/// training and 10 000 for testing, stored as IDX files (<c>train-images-idx3-ubyte[.gz]</c> etc.).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The ten class names, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads one split from a folder holding the IDX files (gzip or plain).</summary>
    /// <param name="directory">The folder; null means <see cref="DefaultDirectory"/>.</param>
    /// <param name="train">True for the training split (<c>train-*</c>), false for the test split (<c>t10k-*</c>).</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed or the two files disagree.</exception>
    public static InMemoryImageDataset Load(string? directory = null, bool train = true)
    {
        string folder = directory ?? DefaultDirectory;
        string prefix = train ? "train" : "t10k";
        string images = Find(folder, $"{prefix}-images-idx3-ubyte");
        string labels = Find(folder, $"{prefix}-labels-idx1-ubyte");
        return LoadFiles(images, labels, ClassNames);
    }

    /// <summary>Loads an IDX image file and its IDX label file (any MNIST-like pair).</summary>
    /// <param name="imagesPath">The 3-dimensional image file.</param>
    /// <param name="labelsPath">The 1-dimensional label file.</param>
    /// <param name="classes">Class names; every label must index into them.</param>
    /// <exception cref="DataFormatException">A file is malformed, the counts disagree, or a label is out of range.</exception>
    public static InMemoryImageDataset LoadFiles(string imagesPath, string labelsPath, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var (imageSizes, pixels) = IdxFile.ReadBytes(imagesPath, 3);
        var (labelSizes, labelBytes) = IdxFile.ReadBytes(labelsPath, 1);
        if (imageSizes[0] != labelSizes[0])
        {
            throw new DataFormatException($"'{imagesPath}' holds {imageSizes[0]} images but '{labelsPath}' holds {labelSizes[0]} labels.");
        }

        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= classes.Count)
            {
                throw new DataFormatException($"'{labelsPath}': label {labels[i]} of item {i} is outside the {classes.Count} classes.");
            }
        }

        return new InMemoryImageDataset(pixels, labels, new ImageShape(1, imageSizes[1], imageSizes[2]), classes);
    }

    private static string Find(string folder, string stem)
    {
        foreach (string candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"Fashion-MNIST file '{stem}[.gz]' not found in '{folder}'. Install the Debian package dataset-fashion-mnist " +
            $"(files in {DefaultDirectory}) or pass the folder that holds the IDX files.", Path.Combine(folder, stem));
    }
}
