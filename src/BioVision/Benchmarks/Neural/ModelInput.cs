using BioVision.Models;
using System.Globalization;
using BioVision.Training;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// How a model sees images: channels and size. Stimuli are shown as float pixels in [0, 1] at this size; any
/// normalisation (mean/std) is the model's own business (BioVision models take [0, 1] input, as in training).
/// </summary>
/// <param name="Channels">1 (grayscale, ITU-R 601 luma) or 3 (RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public sealed record ModelInput(int Channels, int Height, int Width)
{
    /// <summary>The input of an ImageNet-sized colour model: 3 × 224 × 224.</summary>
    public static ModelInput ImageNet { get; } = new(3, 224, 224);

    /// <summary>The input a model built from <paramref name="spec"/> expects.</summary>
    /// <param name="spec">The model description.</param>
    public static ModelInput For(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ModelInput(spec.InputChannels, spec.ImageSize, spec.ImageSize);
    }

    /// <summary>Throws when the channels or size are impossible.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Channels not 1 or 3, or a non-positive size.</exception>
    public void Validate()
    {
        if (Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "A model input has 1 (grayscale) or 3 (RGB) channels.");
        }

        if (Height < 1 || Width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Height), $"A model input needs a positive size, got {Height}x{Width}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");
}
