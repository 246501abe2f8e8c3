namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The model's field of view: the images it takes and how many degrees of visual angle they span. Stimuli are drawn
/// on the reference's <see cref="CanvasDegrees"/>-degree canvas and placed on this screen as Brain-Score's
/// <c>place_on_screen</c> does: centre-cropped when the model sees fewer degrees, padded with grey when it sees more.
/// </summary>
public sealed record ScreenGeometry
{
    /// <summary>Height and width of the (square) model input, pixels. Default 224.</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Input channels; the grey-level stimulus is repeated over them. Default 3.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Visual angle spanned by the model input, degrees. Default 8 (Brain-Score's and VOneNet's).</summary>
    public double VisualDegrees { get; init; } = 8;

    /// <summary>Visual angle of the stimulus canvas, degrees. Default 12 (the reference's 672-pixel PNGs).</summary>
    public double CanvasDegrees { get; init; } = 12;

    /// <summary>
    /// Sub-pixels per pixel and axis of the rendering that is then resized to <see cref="ImageSize"/> by the one
    /// model-input resize (<see cref="BioVision.Data.Transforms.ImageResize"/>, bilinear, antialiased), as the reference's
    /// 56 px/deg PNGs are resized by the model's preprocessing. 1 renders at the model's size without resizing.
    /// Null (default): the smallest factor reaching the reference's 56 pixels per degree, at most 8.
    /// </summary>
    public int? Supersampling { get; init; }

    /// <summary>Pixels per degree of the model input.</summary>
    public double PixelsPerDegree => ImageSize / VisualDegrees;

    /// <summary>The supersampling factor in effect.</summary>
    public int EffectiveSupersampling => Supersampling ?? Math.Clamp((int)Math.Ceiling((56.0 / PixelsPerDegree) - 1e-9), 1, 8);

    /// <summary>Checks the values and returns this instance.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public ScreenGeometry Validate()
    {
        if (ImageSize < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "The image must be at least 4 pixels wide.");
        }

        if (Channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The image needs at least one channel.");
        }

        if (!(VisualDegrees > 0) || double.IsInfinity(VisualDegrees))
        {
            throw new ArgumentOutOfRangeException(nameof(VisualDegrees), VisualDegrees, "Visual degrees must be positive and finite.");
        }

        if (!(CanvasDegrees > 0) || double.IsInfinity(CanvasDegrees))
        {
            throw new ArgumentOutOfRangeException(nameof(CanvasDegrees), CanvasDegrees, "Canvas degrees must be positive and finite.");
        }

        if (Supersampling is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Supersampling), Supersampling, "Supersampling must be between 1 and 16.");
        }

        return this;
    }
}
