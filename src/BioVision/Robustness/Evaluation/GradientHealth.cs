namespace BioVision.Robustness.Evaluation;

/// <summary>Input-gradient health at the clean images (obfuscated-gradient warning signs, Athalye et al. 2018).</summary>
/// <param name="Images">Images checked.</param>
/// <param name="NonFiniteValues">Gradient entries that are NaN or infinite.</param>
/// <param name="ZeroGradientImages">Images whose whole input gradient is exactly zero.</param>
/// <param name="MeanL2Norm">Mean L2 norm of the (EOT-averaged) gradient.</param>
public sealed record GradientHealth(int Images, long NonFiniteValues, int ZeroGradientImages, double MeanL2Norm);
