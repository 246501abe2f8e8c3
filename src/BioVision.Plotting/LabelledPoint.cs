namespace BioVision.Plotting;

/// <summary>A labelled point with error bars (half-widths) for <see cref="ErrorScatterPlot"/>.</summary>
/// <param name="Label">Text drawn next to the point.</param>
/// <param name="X">X coordinate.</param>
/// <param name="Y">Y coordinate.</param>
/// <param name="XError">Half-width of the x error bar (0 for none).</param>
/// <param name="YError">Half-width of the y error bar (0 for none).</param>
public sealed record LabelledPoint(string Label, double X, double Y, double XError = 0, double YError = 0);
