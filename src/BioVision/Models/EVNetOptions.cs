using BioVision.Subcortical;
using BioVision.V1;

namespace BioVision.Models;

/// <summary>
/// Options of <see cref="EVNet"/> (Piper, Oliveira &amp; Marques 2025): the subcortical block and the V1 block that reads
/// its output. Defaults: EVNet's standard variant at 224 pixels over 7 degrees.
/// </summary>
/// <remarks>
/// EVNet's V1 block differs from VOneNet's (lucaspiper99/evnet <c>configs/vone_kwargs.yml</c> and
/// <c>subcort_kwargs.yml</c>, <c>EVNet()</c>'s defaults): kernel 31 (not 25), sf_max 8 (not 9), 7° over 224 px (32 px/°,
/// not 28), noise scale 1 and level 0 (not 0.35 and 0.07), k_exc 5.3 (not 25, the subcortical output is larger than an
/// image), Fano factor 0.93, the noisy rate returned as drawn (<see cref="NoiseOutput.Raw"/>), EVNet's own sampler
/// (<see cref="V1Distribution.EVNet"/>) with the Gabors dealt in equal shares over the four P and M channels, and each
/// quadrature pair reading one channel.
/// </remarks>
public sealed record EVNetOptions
{
    /// <summary>The subcortical block (default: EVNet's standard variant, 3 P + 1 M channels, at 224 px over 7°).</summary>
    public SubcorticalBlockOptions Subcortical { get; init; } = new();

    /// <summary>The V1 block (default <see cref="StandardVOneBlock"/>).</summary>
    public VOneBlockOptions VOneBlock { get; init; } = StandardVOneBlock;

    /// <summary>EVNet's V1 block at 224 px: 256 + 256 channels over the 4 subcortical channels, the settings of the remarks.</summary>
    public static VOneBlockOptions StandardVOneBlock { get; } = new()
    {
        SimpleChannels = 256,
        ComplexChannels = 256,
        InputChannels = 4,
        KernelSize = 31,
        Stride = 4,
        ImageSize = 224,
        VisualDegrees = 7,
        KExc = 5.3,
        NoiseMode = NoiseMode.Neuronal,
        NoiseScale = 1,
        NoiseLevel = 0,
        FanoFactor = 0.93,
        NoiseOutput = NoiseOutput.Raw,
        Sampler = new V1SamplerOptions { Distribution = V1Distribution.EVNet, SfMax = 8, SfMin = 0, SfCorrelation = 0.75, QuadratureColor = QuadratureColor.Shared },
    };

    /// <summary>
    /// EVNet for small images, keeping its 32 pixels per degree in both blocks (the subcortical radii stay the
    /// reference's in pixels; the image spans <c>size/32</c> degrees), with the V1 kernel and stride chosen by the rule of
    /// <see cref="ScaledFrontEnd"/> (kernel <c>min(31, odd ≤ size/2 + 1)</c>: 15 at 28 px; stride 1 below 64 px; 31 and 4 at 224).
    /// </summary>
    /// <param name="imageSize">Image side, 8 to 224 pixels.</param>
    /// <param name="inputChannels">1 (grayscale) or 3 (colour).</param>
    public static EVNetOptions ForImageSize(int imageSize, int inputChannels = 3)
    {
        var subcortical = SubcorticalBlockOptions.ForImageSize(imageSize, inputChannels);
        var scaled = ScaledFrontEnd.ForImageSize(imageSize, 3);
        int kernel = Math.Min(StandardVOneBlock.KernelSize, (imageSize / 2) + 1);
        if (kernel % 2 == 0)
        {
            kernel--;
        }

        return new EVNetOptions
        {
            Subcortical = subcortical,
            VOneBlock = StandardVOneBlock with
            {
                ImageSize = imageSize,
                VisualDegrees = subcortical.VisualDegrees,
                KernelSize = kernel,
                Stride = scaled.Stride,
                InputChannels = subcortical.OutputChannels,
            },
        };
    }

    /// <summary>Checks both blocks and that the V1 block reads what the subcortical block gives; returns this instance.</summary>
    /// <exception cref="ArgumentException">A block's options are invalid, or the blocks do not fit together.</exception>
    public EVNetOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Subcortical, nameof(Subcortical));
        ArgumentNullException.ThrowIfNull(VOneBlock, nameof(VOneBlock));
        Subcortical.Validate();
        VOneBlock.Validate();
        if (VOneBlock.InputChannels != Subcortical.OutputChannels)
        {
            throw new ArgumentException($"EVNet's V1 block reads {VOneBlock.InputChannels} channels but its subcortical block gives {Subcortical.OutputChannels} ({Subcortical.PChannels} P + {Subcortical.MChannels} M).");
        }

        if (Math.Abs(VOneBlock.PixelsPerDegree - Subcortical.PixelsPerDegree) > 1e-9 * Subcortical.PixelsPerDegree)
        {
            throw new ArgumentException($"EVNet's blocks see the image at different resolutions: V1 {VOneBlock.PixelsPerDegree:G4} px/deg, subcortical {Subcortical.PixelsPerDegree:G4} px/deg.");
        }

        return this;
    }
}
