using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace BioVision.Data;

/// <summary>
/// The image sets used to compare models with brains: the 92 object images of Kriegeskorte et al. (2008) in the
/// Algonauts 2019 JPEG copy, and the natural images of Cowley et al. (2023) V4 recordings, read from their zip
/// archives without unpacking. In both, the label of an image is its position (0-based), one class per image.
/// </summary>
public static partial class StimulusSets
{
    /// <summary>Number of images in the 92-image set.</summary>
    public const int Kriegeskorte92Count = 92;

    /// <summary>Loads the 92 stimulus images (<c>image_01.jpg</c> ... <c>image_92.jpg</c>) from a folder, in order.</summary>
    /// <param name="directory">The <c>92images</c> folder (e.g. <c>SharedDataPaths.Data("algonauts2019_92/92images")</c>).</param>
    /// <param name="size">Height and width to resize to (<see cref="Transforms.ImageResize"/>); null keeps 175x175.</param>
    /// <param name="channels">3 (RGB, default) or 1 (grayscale).</param>
    /// <exception cref="DataFormatException">An image of the 92 is missing.</exception>
    public static EncodedImageDataset Load92Images(string directory, (int Height, int Width)? size = null, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var items = new List<EncodedImage>(Kriegeskorte92Count);
        for (int i = 1; i <= Kriegeskorte92Count; i++)
        {
            string path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"image_{i:D2}.jpg"));
            if (!File.Exists(path))
            {
                throw new DataFormatException($"The 92-image set in '{directory}' lacks '{Path.GetFileName(path)}'.");
            }

            items.Add(new EncodedImage(path, () => File.ReadAllBytes(path), i - 1));
        }

        return new EncodedImageDataset(items, [.. items.Select(i => Path.GetFileNameWithoutExtension(i.Name))], channels, size);
    }

    /// <summary>
    /// Loads the images of one Cowley et al. (2023) session from <c>images_&lt;session&gt;.zip</c>: entries named
    /// <c>imageNNNN.jpg</c> (at the archive root or in a subfolder) numbered from 1; index k holds image k+1, matching
    /// column k of the session's response matrix.
    /// </summary>
    /// <param name="zipPath">The archive.</param>
    /// <param name="size">Height and width to resize to (<see cref="Transforms.ImageResize"/>); null keeps 112x112.</param>
    /// <param name="channels">3 (RGB, default) or 1 (grayscale).</param>
    /// <exception cref="DataFormatException">The archive holds no images or the numbering has gaps or duplicates.</exception>
    public static EncodedImageDataset LoadCowleyV4(string zipPath, (int Height, int Width)? size = null, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        if (!File.Exists(zipPath))
        {
            throw new FileNotFoundException($"Cowley V4 image archive '{zipPath}' does not exist.", zipPath);
        }

        var numbered = new SortedDictionary<int, byte[]>();
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            foreach (var entry in archive.Entries)
            {
                var match = ImageEntryName().Match(entry.Name);
                if (!match.Success)
                {
                    continue;
                }

                int number = int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                if (!numbered.TryAdd(number, buffer.ToArray()))
                {
                    throw new DataFormatException($"'{zipPath}' holds image number {number} twice ({entry.FullName}).");
                }
            }
        }

        if (numbered.Count == 0)
        {
            throw new DataFormatException($"'{zipPath}' holds no entries named imageNNNN.jpg.");
        }

        if (numbered.Keys.First() != 1 || numbered.Keys.Last() != numbered.Count)
        {
            throw new DataFormatException($"'{zipPath}': images should be numbered 1..{numbered.Count} without gaps, found {numbered.Keys.First()}..{numbered.Keys.Last()}.");
        }

        var items = numbered.Select(p => new EncodedImage(string.Create(CultureInfo.InvariantCulture, $"image{p.Key:D4}.jpg"), () => p.Value, p.Key - 1)).ToList();
        return new EncodedImageDataset(items, [.. items.Select(i => i.Name)], channels, size);
    }

    [GeneratedRegex(@"^image(\d+)\.jpe?g$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImageEntryName();
}
