namespace BioVision.Plotting;

/// <summary>One value per named layer (e.g. each layer's RDM correlation with IT), optionally with an interval per layer.</summary>
/// <param name="Name">Legend entry.</param>
/// <param name="Values">One value per layer, in the plot's layer order.</param>
/// <param name="Lower">Lower end of each layer's interval (e.g. a 95 % bootstrap CI), or null for no band.</param>
/// <param name="Upper">Upper end of each layer's interval; given exactly when <paramref name="Lower"/> is.</param>
public sealed record LayerCurve(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Lower = null, IReadOnlyList<double>? Upper = null);
