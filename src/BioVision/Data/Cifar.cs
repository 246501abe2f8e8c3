namespace BioVision.Data;

/// <summary>
/// Reads the CIFAR-10 and CIFAR-100 binary formats (Krizhevsky 2009): records of label byte(s) followed by
/// 3072 bytes of a 32x32 RGB image stored channel-major (1024 red, 1024 green, 1024 blue).
/// CIFAR-10 records have one label byte; CIFAR-100 records have a coarse and a fine label byte.
/// </summary>
public static class Cifar
{
    /// <summary>Bytes of one image.</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>The CIFAR-10 class names in label order.</summary>
    public static IReadOnlyList<string> Cifar10Classes { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Loads CIFAR-10 batch files (<c>data_batch_1.bin</c> ... <c>data_batch_5.bin</c> or <c>test_batch.bin</c>).</summary>
    /// <param name="directory">The folder holding the <c>.bin</c> files.</param>
    /// <param name="train">True for the five training batches, false for the test batch.</param>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    /// <exception cref="DataFormatException">A file is not a whole number of records or holds a bad label.</exception>
    public static InMemoryImageDataset LoadCifar10(string directory, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string[] names = train ? [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")] : ["test_batch.bin"];
        return ReadFiles([.. names.Select(n => Path.Combine(directory, n))], labelBytes: 1, labelOffset: 0, Cifar10Classes);
    }

    /// <summary>Loads a CIFAR-100 file (<c>train.bin</c> or <c>test.bin</c>) with its fine (100-class) labels.</summary>
    /// <param name="directory">The folder holding the <c>.bin</c> files.</param>
    /// <param name="train">True for <c>train.bin</c>, false for <c>test.bin</c>.</param>
    /// <exception cref="DataFormatException">The file is not a whole number of records or holds a bad label.</exception>
    public static InMemoryImageDataset LoadCifar100(string directory, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var classes = Enumerable.Range(0, 100).Select(i => $"class{i:D2}").ToArray();
        return ReadFiles([Path.Combine(directory, train ? "train.bin" : "test.bin")], labelBytes: 2, labelOffset: 1, classes);
    }

    /// <summary>Reads binary CIFAR files with the given record layout.</summary>
    /// <param name="paths">Files to concatenate.</param>
    /// <param name="labelBytes">Label bytes before each image (1 for CIFAR-10, 2 for CIFAR-100).</param>
    /// <param name="labelOffset">Which of the label bytes is the label used (CIFAR-100: 1 = fine).</param>
    /// <param name="classes">Class names.</param>
    /// <exception cref="DataFormatException">A file is empty, truncated or holds a label outside the classes.</exception>
    public static InMemoryImageDataset ReadFiles(IReadOnlyList<string> paths, int labelBytes, int labelOffset, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(classes);
        int record = labelBytes + ImageBytes;
        var pixels = new List<byte>();
        var labels = new List<int>();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"CIFAR file '{path}' does not exist.", path);
            }

            byte[] raw = File.ReadAllBytes(path);
            if (raw.Length == 0 || raw.Length % record != 0)
            {
                throw new DataFormatException(
                    $"CIFAR file '{path}' has {raw.Length} bytes, not a whole number of {record}-byte records " +
                    $"({raw.Length / record} complete, {raw.Length % record} bytes left over): truncated or not this format.");
            }

            for (int offset = 0; offset < raw.Length; offset += record)
            {
                int label = raw[offset + labelOffset];
                if (label >= classes.Count)
                {
                    throw new DataFormatException($"CIFAR file '{path}': record {offset / record} has label {label}, outside the {classes.Count} classes.");
                }

                labels.Add(label);
                pixels.AddRange(raw.AsSpan(offset + labelBytes, ImageBytes));
            }
        }

        return new InMemoryImageDataset([.. pixels], [.. labels], new ImageShape(3, 32, 32), classes);
    }
}
