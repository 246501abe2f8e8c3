namespace BioVision.Data;

/// <summary>
/// A folder with one subfolder per class (subfolders sorted by ordinal name give the labels), each holding
/// PNG or JPEG images — the layout of torchvision's <c>ImageFolder</c>.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>Opens an image folder.</summary>
    /// <param name="root">The folder whose subfolders are the classes.</param>
    /// <param name="channels">3 for RGB, 1 for grayscale.</param>
    /// <param name="size">Height and width to resize to (<see cref="Transforms.ImageResize"/>); null uses the first image's size.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">The folder has no class subfolders or no images.</exception>
    public static EncodedImageDataset Load(string root, int channels = 3, (int Height, int Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Image folder '{root}' does not exist.");
        }

        string[] classDirectories = [.. Directory.GetDirectories(root).Order(StringComparer.Ordinal)];
        if (classDirectories.Length == 0)
        {
            throw new DataFormatException($"Image folder '{root}' has no subfolders: expected one subfolder of images per class.");
        }

        var items = new List<EncodedImage>();
        for (int label = 0; label < classDirectories.Length; label++)
        {
            foreach (string file in Directory.GetFiles(classDirectories[label]).Where(IsImage).Order(StringComparer.Ordinal))
            {
                items.Add(new EncodedImage(file, () => File.ReadAllBytes(file), label));
            }
        }

        if (items.Count == 0)
        {
            throw new DataFormatException($"Image folder '{root}' has class subfolders but no images ({string.Join(", ", Extensions)}).");
        }

        return new EncodedImageDataset(items, [.. classDirectories.Select(Path.GetFileName).Select(n => n!)], channels, size);
    }

    private static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());
}
