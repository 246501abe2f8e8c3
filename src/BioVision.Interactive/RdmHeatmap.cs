using System.Globalization;
using BioVision.Plotting;
using BioVision.Rsa;
using OxyPlot;

namespace BioVision.Interactive;

/// <summary>The heatmap a notebook shows for an <see cref="Rdms"/> value.</summary>
public static class RdmHeatmap
{
    /// <summary>
    /// A heatmap of RDM <paramref name="index"/> (<see cref="RdmPlot.Create"/>), titled with its descriptors and
    /// its position in the set when the set holds more than one RDM.
    /// </summary>
    /// <param name="rdms">The RDMs.</param>
    /// <param name="index">Which RDM (0-based).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the set.</exception>
    public static PlotModel Create(Rdms rdms, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(rdms);
        if (index < 0 || index >= rdms.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The set holds {rdms.Count} RDMs.");
        }

        var names = rdms.DescriptorNames.Select(d => $"{d} {rdms.Descriptor(d)[index]}").ToArray();
        string title = string.Create(CultureInfo.InvariantCulture,
            $"RDM{(rdms.Count > 1 ? $" {index + 1} of {rdms.Count}" : "")}{(names.Length > 0 ? $" ({string.Join(", ", names)})" : "")}: {rdms.Conditions} conditions");
        return RdmPlot.Create(rdms.ToSquare(index), title, colorBarTitle: rdms.DissimilarityMeasure);
    }
}
