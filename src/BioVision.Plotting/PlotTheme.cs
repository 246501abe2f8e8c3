using OxyPlot;
using OxyPlot.Legends;

namespace BioVision.Plotting;

/// <summary>
/// The look every BioVision plot shares: an opaque white page and plot area with black text and axes, so a figure
/// reads the same in a light or dark notebook theme, in an HTML export and in a file (OxyPlot's default background is
/// transparent, which leaves black axis text on a dark page). The exporters apply it to any model that has no
/// background of its own.
/// </summary>
public static class PlotTheme
{
    /// <summary>The page and plot-area colour (white).</summary>
    public static readonly OxyColor Background = OxyColors.White;

    /// <summary>The text and axis colour (black).</summary>
    public static readonly OxyColor Foreground = OxyColors.Black;

    /// <summary>
    /// Tableau's ten categorical colours (matplotlib's default cycle), which stay distinguishable side by side; the
    /// colour of series <c>i</c> is <c>Palette[i % 10]</c>.
    /// </summary>
    public static readonly IReadOnlyList<OxyColor> Palette =
    [
        OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xff, 0x7f, 0x0e), OxyColor.FromRgb(0x2c, 0xa0, 0x2c), OxyColor.FromRgb(0xd6, 0x27, 0x28),
        OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0x8c, 0x56, 0x4b), OxyColor.FromRgb(0xe3, 0x77, 0xc2), OxyColor.FromRgb(0x7f, 0x7f, 0x7f),
        OxyColor.FromRgb(0xbc, 0xbd, 0x22), OxyColor.FromRgb(0x17, 0xbe, 0xcf),
    ];

    /// <summary>Gives <paramref name="model"/> the opaque white page, white plot area and black text and legend frame.</summary>
    /// <param name="model">The plot (changed in place and returned).</param>
    public static PlotModel Apply(PlotModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Background = Background;
        model.PlotAreaBackground = Background;
        model.TextColor = Foreground;
        model.TitleColor = Foreground;
        model.SubtitleColor = Foreground;
        model.PlotAreaBorderColor = Foreground;
        foreach (var legend in model.Legends.OfType<Legend>())
        {
            legend.LegendBackground = OxyColor.FromAColor(230, Background);
            legend.LegendTextColor = Foreground;
            legend.LegendTitleColor = Foreground;
        }

        return model;
    }

    /// <summary>
    /// Applies <see cref="Apply"/> when the model's page is transparent or unset (a plot built with OxyPlot directly),
    /// and leaves a model with an opaque background of its own alone. The exporters call this before rendering.
    /// </summary>
    /// <param name="model">The plot (changed in place when transparent, and returned).</param>
    public static PlotModel EnsureOpaque(PlotModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Background.A == 255 ? model : Apply(model);
    }

    /// <summary>A colour with the given opacity (0 transparent, 255 opaque): the fill of an interval band.</summary>
    /// <param name="color">The series colour.</param>
    /// <param name="alpha">Opacity.</param>
    public static OxyColor Translucent(OxyColor color, byte alpha = 40) => OxyColor.FromAColor(alpha, color);
}
