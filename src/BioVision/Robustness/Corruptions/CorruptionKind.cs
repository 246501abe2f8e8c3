namespace BioVision.Robustness.Corruptions;

/// <summary>The 15 benchmark corruptions of Hendrycks and Dietterich (2019), in their canonical order.</summary>
public enum CorruptionKind
{
    /// <summary>Additive Gaussian noise.</summary>
    GaussianNoise,

    /// <summary>Poisson (photon) noise.</summary>
    ShotNoise,

    /// <summary>Salt-and-pepper noise.</summary>
    ImpulseNoise,

    /// <summary>Blur by an anti-aliased disk.</summary>
    DefocusBlur,

    /// <summary>Gaussian blur, local pixel shuffling, Gaussian blur.</summary>
    GlassBlur,

    /// <summary>One-sided line blur at a random angle (ImageMagick's kernel, re-implemented).</summary>
    MotionBlur,

    /// <summary>Average of centre zooms.</summary>
    ZoomBlur,

    /// <summary>Procedural snow layer (motion-blurred, thresholded noise).</summary>
    Snow,

    /// <summary>Frost overlay (procedural texture; the reference blends photographs).</summary>
    Frost,

    /// <summary>Diamond-square plasma fog.</summary>
    Fog,

    /// <summary>Brightness (HSV value) increase.</summary>
    Brightness,

    /// <summary>Contrast reduction around the per-channel mean.</summary>
    Contrast,

    /// <summary>Random affine warp plus smoothed random displacement field.</summary>
    ElasticTransform,

    /// <summary>Box downsampling, then upsampling.</summary>
    Pixelate,

    /// <summary>JPEG compression at low quality.</summary>
    JpegCompression,
}
