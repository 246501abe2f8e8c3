using BioVision.Data;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// The small Allen Brain Observatory mouse V1 extract (VISp L2/3, GCaMP6f, trial-averaged ΔF/F of 212 cells to
/// natural scenes downsampled to 31 × 31 grayscale): 100 training and 18 test scenes. Weak data: few stimuli, tiny
/// images and calcium signals; use it only as a secondary check.
/// </summary>
/// <param name="TrainImages">100 training scenes (1 × 31 × 31, [0, 1]).</param>
/// <param name="TrainResponses">100 × 212 responses.</param>
/// <param name="TestImages">18 test scenes.</param>
/// <param name="TestResponses">18 × 212 responses.</param>
public sealed record AllenMouseV1Data(IImageDataset TrainImages, double[,] TrainResponses, IImageDataset TestImages, double[,] TestResponses);
