namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// One full-contrast sine grating in a hard circular aperture on a grey background, in the reference's coordinates
/// (Marques et al. 2021 / Brain-Score <c>marques_stim_common.Grating</c>): degrees from the screen centre, x to the
/// right, y downwards; the luminance is <c>sin((x cos θ + y sin θ) · 2π · sf + φ)</c> with x, y measured from the
/// grating's centre, mapped to 0..255 as an 8-bit PNG would store it.
/// </summary>
/// <param name="PositionY">Vertical centre, degrees below the screen centre.</param>
/// <param name="PositionX">Horizontal centre, degrees right of the screen centre.</param>
/// <param name="Radius">Aperture radius, degrees.</param>
/// <param name="SpatialFrequency">Cycles per degree.</param>
/// <param name="Orientation">Degrees; 0 is a vertical grating (luminance varies along x).</param>
/// <param name="Phase">Degrees.</param>
/// <param name="Contrast">Michelson contrast in [0, 1]; the reference uses 1.</param>
public readonly record struct Grating(double PositionY, double PositionX, double Radius, double SpatialFrequency, double Orientation, double Phase, double Contrast = 1);
