namespace BioVision.Robustness.Corruptions;

/// <summary>How zoom blur (and the zoom inside snow) magnifies the image.</summary>
public enum ZoomBlurMode
{
    /// <summary>
    /// The generators' <c>clipped_zoom</c> (default): crop the central ⌈side/z⌉ pixels, magnify them with scipy's
    /// order-1 <c>zoom</c> (output side rounded, corners aligned) and keep the top-left-centred <c>side</c> pixels. On small
    /// images this quantises the factors and shifts layers by up to a pixel, exactly as in the released CIFAR-10-C and
    /// ImageNet-C.
    /// </summary>
    ReferenceCrop,

    /// <summary>An exact centre zoom by z (bilinear, pixel centres aligned): what <c>clipped_zoom</c> intends, not what it computed.</summary>
    ExactCentre,
}
