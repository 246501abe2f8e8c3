using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace BioVision.Plotting;

/// <summary>
/// A representational dissimilarity matrix as a heat map (row 0 at the top, as RDM figures are drawn). The axes span
/// exactly the matrix, −0.5 to n − 0.5, in any image shape: the heat map fills the plot area with no padding (cells are
/// square when the plot area is; export at a roughly square size, e.g. 700 × 600 with the colour bar, for square cells).
/// </summary>
public static class RdmPlot
{
    /// <summary>Builds the heat map of a square matrix.</summary>
    /// <param name="matrix">n × n dissimilarities (NaN cells are left blank).</param>
    /// <param name="title">Plot title.</param>
    /// <param name="labels">Optional condition labels (n of them) written along both axes.</param>
    /// <param name="colorBarTitle">Title of the colour bar (default "dissimilarity").</param>
    /// <exception cref="ArgumentException">The matrix is not square or the labels do not match its size.</exception>
    public static PlotModel Create(double[,] matrix, string title, IReadOnlyList<string>? labels = null, string colorBarTitle = "dissimilarity")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (n == 0 || n != matrix.GetLength(1))
        {
            throw new ArgumentException($"An RDM must be square and non-empty; got {matrix.GetLength(0)}×{matrix.GetLength(1)}.", nameof(matrix));
        }

        if (labels is not null && labels.Count != n)
        {
            throw new ArgumentException($"{labels.Count} labels given for a {n}×{n} RDM.", nameof(labels));
        }

        // PlotType.XY, not Cartesian: a Cartesian plot keeps equal scales by widening one axis beyond the matrix, which in
        // a non-square image padded the heat map with empty bands.
        var model = new PlotModel { Title = title, PlotType = PlotType.XY };
        model.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalettes.Viridis(256), Title = colorBarTitle, InvalidNumberColor = OxyColors.White });
        model.Axes.Add(LabelledAxis(AxisPosition.Bottom, n, labels, reversed: false));
        model.Axes.Add(LabelledAxis(AxisPosition.Left, n, labels, reversed: true));

        // HeatMapSeries indexes Data[x, y]: x = column (condition j), y = row (condition i).
        var data = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                data[j, i] = matrix[i, j];
            }
        }

        // Cells as vector rectangles, not one embedded bitmap: an SVG with a raster <image href="data:..."> loses the
        // whole heat map wherever SVG is sanitised (nbconvert's HTML export drops data: URIs and unknown elements),
        // leaving an empty frame; rectangles also keep the cells sharp at any zoom.
        model.Series.Add(new HeatMapSeries { X0 = 0, X1 = n - 1, Y0 = 0, Y1 = n - 1, Data = data, Interpolate = false, RenderMethod = HeatMapRenderMethod.Rectangles });
        return PlotTheme.Apply(model);
    }

    private static Axis LabelledAxis(AxisPosition position, int n, IReadOnlyList<string>? labels, bool reversed)
    {
        var axis = new LinearAxis
        {
            Position = position,
            Minimum = -0.5,
            Maximum = n - 0.5,
            AbsoluteMinimum = -0.5,
            AbsoluteMaximum = n - 0.5,
            MinimumPadding = 0,
            MaximumPadding = 0,
            StartPosition = reversed ? 1 : 0,
            EndPosition = reversed ? 0 : 1,
            MajorStep = labels is null ? double.NaN : Math.Max(1, n / 40),
            MinorStep = 1,
            IsZoomEnabled = false,
            Title = labels is null ? "condition" : null,
        };
        if (labels is not null)
        {
            axis.LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 && v >= 0 && v < n ? labels[(int)Math.Round(v)] : string.Empty;
            if (position == AxisPosition.Bottom)
            {
                axis.Angle = -90;
            }
        }

        return axis;
    }
}
