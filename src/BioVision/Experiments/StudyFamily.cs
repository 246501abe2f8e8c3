using BioVision.V1;

namespace BioVision.Experiments;

/// <summary>The model families of the reproduction study.</summary>
public static class StudyFamily
{
    /// <summary>Name of the family's baseline variant, against which mCE is computed.</summary>
    public const string BaselineName = "baseline";

    /// <summary>
    /// The standard family of twelve variants: the baseline; the VOne front end with neuronal noise and its ablations
    /// (no noise, simple cells only, complex cells only, half and double noise, Gaussian noise), following Dapello et
    /// al. (2020, Fig. 4 ablations); adversarial training with fast FGSM and rotation augmentation alone and combined
    /// (Berrios &amp; Deza 2022); and VOne with adversarial training. The ablations keep the V1 block's total channel
    /// count, so the backbone's input is the same size.
    /// </summary>
    /// <param name="v1Channels">Total V1 channels of the scaled front end (simple + complex; 64 at 28 px).</param>
    public static IReadOnlyList<StudyVariant> Standard(int v1Channels = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(v1Channels, 2);
        int half = v1Channels / 2;
        return
        [
            new() { Name = BaselineName, Description = "backbone alone" },
            new() { Name = "vone", Description = "VOne front end, neuronal (Poisson-like) noise", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half },
            new() { Name = "vone-nonoise", Description = "VOne front end without noise", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half, Noise = NoiseMode.None },
            new() { Name = "vone-simple", Description = "VOne, simple cells only", VOne = true, SimpleChannels = v1Channels, ComplexChannels = 0 },
            new() { Name = "vone-complex", Description = "VOne, complex cells only", VOne = true, SimpleChannels = 0, ComplexChannels = v1Channels },
            new() { Name = "vone-noise-half", Description = "VOne, neuronal noise scale x0.5", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half, NoiseScale = 0.175 },
            new() { Name = "vone-noise-double", Description = "VOne, neuronal noise scale x2", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half, NoiseScale = 0.7 },
            new() { Name = "vone-gaussian", Description = "VOne, Gaussian noise of matched scale", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half, Noise = NoiseMode.Gaussian },
            new() { Name = "adv", Description = "baseline, fast FGSM adversarial training", Adversarial = StudyAdversarialTraining.FgsmRandomStart },
            new() { Name = "rot", Description = "baseline, rotation-invariance augmentation", Rotation = true },
            new() { Name = "adv-rot", Description = "baseline, adversarial + rotation", Adversarial = StudyAdversarialTraining.FgsmRandomStart, Rotation = true },
            new() { Name = "vone-adv", Description = "VOne (neuronal noise) + fast FGSM adversarial training", VOne = true, SimpleChannels = half, ComplexChannels = v1Channels - half, Adversarial = StudyAdversarialTraining.FgsmRandomStart },
        ];
    }

    /// <summary>
    /// The front-end zoo (<see cref="BioVision.Models.FrontEndKind"/>), each with the same V1 channel count and the same
    /// backbone as the standard family's <c>vone</c>: divisive normalisation, EVNet (its own noise scale 1), and the two
    /// controls that separate "V1-like" from "fixed" and "stochastic" (learned filters from a Gabor start; fixed random filters).
    /// Compare them with <c>baseline</c>, <c>vone</c> and <c>vone-nonoise</c> of <see cref="Standard"/>.
    /// </summary>
    /// <param name="v1Channels">Total V1 channels (simple + complex).</param>
    public static IReadOnlyList<StudyVariant> FrontEndZoo(int v1Channels = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(v1Channels, 2);
        int half = v1Channels / 2;
        return
        [
            new() { Name = "vone-dn", Description = "VOne with divisive normalisation (surround and cross-orientation suppression)", VOne = true, FrontEnd = BioVision.Models.FrontEndKind.NormalizedVOne, SimpleChannels = half, ComplexChannels = v1Channels - half },
            new() { Name = "ev", Description = "EVNet: subcortical (retina/LGN) block, then EVNet's V1 block", VOne = true, FrontEnd = BioVision.Models.FrontEndKind.EVNet, SimpleChannels = half, ComplexChannels = v1Channels - half, NoiseScale = 1 },
            new() { Name = "learned-v1", Description = "control: Gabor-initialised, trainable V1 filters (noise as vone)", VOne = true, FrontEnd = BioVision.Models.FrontEndKind.LearnedV1, SimpleChannels = half, ComplexChannels = v1Channels - half },
            new() { Name = "random-v1", Description = "control: fixed random filters of the Gabors' energy (noise as vone)", VOne = true, FrontEnd = BioVision.Models.FrontEndKind.RandomV1, SimpleChannels = half, ComplexChannels = v1Channels - half },
        ];
    }
}
