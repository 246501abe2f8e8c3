namespace BioVision.Rsa.Serialization;

/// <summary>The JSON form of <see cref="Rdms"/>.</summary>
/// <param name="DissimilarityMeasure">Name of the dissimilarity measure.</param>
/// <param name="Conditions">Number of conditions of each RDM.</param>
/// <param name="Vectors">One condensed upper-triangle vector per RDM (row-major pairs (0,1), (0,2), …; NaN = missing).</param>
/// <param name="Descriptors">Per-RDM descriptors, each with one value per RDM.</param>
public sealed record RdmsDocument(string DissimilarityMeasure, int Conditions, double[][] Vectors, Dictionary<string, string[]> Descriptors);
