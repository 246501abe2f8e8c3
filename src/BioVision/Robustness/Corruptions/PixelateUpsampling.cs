namespace BioVision.Robustness.Corruptions;

/// <summary>How pixelate enlarges the downsized image back to its size (the downsizing is always PIL's BOX filter).</summary>
public enum PixelateUpsampling
{
    /// <summary>PIL's BOX filter (default): what hendrycks/robustness' make_cifar_c.py, make_tinyimagenet_c.py and make_imagenet_c.py use.</summary>
    Box,

    /// <summary>PIL's NEAREST filter: what bethgelab's <c>imagecorruptions</c> package uses. It differs from BOX only where a
    /// sample falls exactly between two source pixels (PIL accumulates the nearest-neighbour coordinate, BOX computes it).</summary>
    Nearest,
}
