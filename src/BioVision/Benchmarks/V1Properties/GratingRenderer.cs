using BioVision.Data.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// Draws <see cref="Grating"/> stimuli directly on tensors in a model's field of view (<see cref="ScreenGeometry"/>):
/// the pixels the reference's 12-degree PNGs give after <c>place_on_screen</c> and the model's resize to its input size,
/// without files. Values are in [0, 1] (8-bit levels / 255, grey 128/255, before the resize), shape
/// <c>[N, Channels, ImageSize, ImageSize]</c>.
/// </summary>
/// <remarks>
/// Pixel centres sit at <c>(i − n/2) / ppd</c> degrees from the screen centre, as in the reference's canvas after a
/// centre crop. The canvas is rendered as 8-bit levels at <see cref="ScreenGeometry.EffectiveSupersampling"/> times the
/// model's resolution and brought to the model's size by the one model-input resize, <see cref="ImageResize"/>
/// (bilinear, antialiased): the reference renders 56 px/deg PNGs, crops them to the model's field and lets the model's
/// preprocessing resize them (Brain-Score's <c>load_preprocess_images</c>: torchvision's Resize on a PIL image, PIL's
/// antialiased bilinear), so at the default 28 px/deg (supersampling 2, 56 px/deg) these are the reference's pixels
/// within one grey level (PIL rounds to 8 bits; this keeps float32). Points outside the canvas (a model that sees more
/// than 12 degrees) are grey, like the padding of <c>place_on_screen</c>.
/// </remarks>
public static class GratingRenderer
{
    /// <summary>The reference background grey level, <c>uint8(255 / 2 + 1) = 128</c>, on the [0, 1] scale.</summary>
    public const double Grey = 128.0 / 255.0;

    /// <summary>Renders gratings.</summary>
    /// <param name="gratings">The stimuli (one image each).</param>
    /// <param name="screen">The model's field of view.</param>
    /// <param name="device">Where the images are made.</param>
    /// <exception cref="ArgumentException">No gratings, or a grating with a non-finite or negative parameter.</exception>
    public static Tensor Render(IReadOnlyList<Grating> gratings, ScreenGeometry screen, Device device)
    {
        ArgumentNullException.ThrowIfNull(gratings);
        ArgumentNullException.ThrowIfNull(screen);
        ArgumentNullException.ThrowIfNull(device);
        screen.Validate();
        if (gratings.Count == 0)
        {
            throw new ArgumentException("At least one grating is needed.", nameof(gratings));
        }

        var columns = new double[7][];
        for (int k = 0; k < 7; k++)
        {
            columns[k] = new double[gratings.Count];
        }

        for (int i = 0; i < gratings.Count; i++)
        {
            var g = gratings[i];
            if (!double.IsFinite(g.PositionX) || !double.IsFinite(g.PositionY) || !(g.Radius >= 0) || !double.IsFinite(g.Radius)
                || !double.IsFinite(g.SpatialFrequency) || !double.IsFinite(g.Orientation) || !double.IsFinite(g.Phase) || g.Contrast is < 0 or > 1)
            {
                throw new ArgumentException($"Grating {i} has an invalid parameter: {g}.", nameof(gratings));
            }

            columns[0][i] = g.PositionY;
            columns[1][i] = g.PositionX;
            columns[2][i] = g.Radius;
            columns[3][i] = g.SpatialFrequency;
            columns[4][i] = g.Orientation * Math.PI / 180;
            columns[5][i] = g.Phase * Math.PI / 180;
            columns[6][i] = g.Contrast;
        }

        using var scope = NewDisposeScope();
        int s = screen.EffectiveSupersampling;
        int size = screen.ImageSize * s;
        double ppd = size / screen.VisualDegrees;
        var coordinate = arange(size, ScalarType.Float64, device).sub_(size / 2.0).div_(ppd);
        var x = coordinate.view(1, 1, size);
        var y = coordinate.view(1, size, 1);
        double half = screen.CanvasDegrees / 2;
        var inCanvas = x.ge(-half).logical_and(x.lt(half)).logical_and(y.ge(-half)).logical_and(y.lt(half));
        Tensor Column(int k) => tensor(columns[k], ScalarType.Float64, device).view(-1, 1, 1);
        var xv = x.sub(Column(1));
        var yv = y.sub(Column(0));
        var theta = Column(4);
        var argument = xv.mul(theta.cos()).add(yv.mul(theta.sin())).mul_(Column(3).mul(2 * Math.PI)).add_(Column(5));
        var texture = argument.sin_().mul_(Column(6));
        var radius = Column(2);
        var mask = xv.square().add(yv.square()).le(radius.square()).logical_and(inCanvas);

        // np.uint8 of ((tex + 1) / 2) * 255 truncates; tex + 1 >= 0, so floor is the same.
        var levels = texture.add_(1).div_(2).mul_(255).floor_();
        var image = where(mask, levels, 128.0).div_(255).to(ScalarType.Float32).unsqueeze(1);
        if (s > 1)
        {
            image = ImageResize.Apply(image, screen.ImageSize, screen.ImageSize);
        }

        return image.expand(-1, screen.Channels, -1, -1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The blank (uniform grey) stimulus.</summary>
    /// <param name="screen">The model's field of view.</param>
    /// <param name="device">Where the image is made.</param>
    public static Tensor Blank(ScreenGeometry screen, Device device)
    {
        ArgumentNullException.ThrowIfNull(screen);
        screen.Validate();
        return full([1, screen.Channels, screen.ImageSize, screen.ImageSize], Grey, ScalarType.Float32, device);
    }
}
