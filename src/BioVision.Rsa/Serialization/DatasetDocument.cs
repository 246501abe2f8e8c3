namespace BioVision.Rsa.Serialization;

/// <summary>The JSON form of <see cref="Dataset"/>.</summary>
/// <param name="Observations">Number of observations.</param>
/// <param name="Channels">Number of channels.</param>
/// <param name="Measurements">One array of channel values per observation.</param>
/// <param name="Conditions">Integer condition label per observation.</param>
/// <param name="Runs">Run label per observation, or null.</param>
/// <param name="ConditionNames">Names of the distinct conditions in ascending label order, or null.</param>
public sealed record DatasetDocument(int Observations, int Channels, double[][] Measurements, int[] Conditions, int[]? Runs, string[]? ConditionNames);
