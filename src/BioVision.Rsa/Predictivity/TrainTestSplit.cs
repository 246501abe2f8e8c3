namespace BioVision.Rsa.Predictivity;

/// <summary>One cross-validation split: indices of training and test stimuli.</summary>
/// <param name="Train">Training stimulus indices, ascending.</param>
/// <param name="Test">Test stimulus indices, ascending.</param>
public sealed record TrainTestSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test);
