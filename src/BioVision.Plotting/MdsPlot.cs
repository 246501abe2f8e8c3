using BioVision.Rsa.Embedding;
using OxyPlot;

namespace BioVision.Plotting;

/// <summary>The 2-D classical MDS embedding of a distance matrix (e.g. an RDM) as a labelled scatter plot.</summary>
public static class MdsPlot
{
    /// <summary>Embeds <paramref name="distances"/> with <see cref="ClassicalMds"/> and plots the two leading dimensions.</summary>
    /// <param name="distances">n × n symmetric distances, zero diagonal.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="labels">Optional label per item.</param>
    public static PlotModel Create(double[,] distances, string title, IReadOnlyList<string>? labels = null)
    {
        double[,] coordinates = ClassicalMds.Embed(distances, 2);
        int n = coordinates.GetLength(0);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = coordinates[i, 0];
            y[i] = coordinates[i, 1];
        }

        PlotModel model = ScatterPlot.Create(title, "MDS dimension 1", "MDS dimension 2", x, y, labels);
        model.PlotType = PlotType.Cartesian; // equal units on both axes: distances read truly
        return PlotTheme.Apply(model);
    }
}
