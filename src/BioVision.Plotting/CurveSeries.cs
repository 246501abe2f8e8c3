namespace BioVision.Plotting;

/// <summary>One named curve: y against x (e.g. accuracy against attack strength ε).</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
public sealed record CurveSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
