using System.Globalization;

namespace BioVision.Data;

/// <summary>The shape of one image: channels, height and width.</summary>
/// <param name="Channels">Number of colour channels (1 grayscale, 3 RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Number of values in one image.</summary>
    public int Size => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");
}
