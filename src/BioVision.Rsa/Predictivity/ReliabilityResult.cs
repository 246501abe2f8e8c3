using System.Globalization;
using System.Text;

namespace BioVision.Rsa.Predictivity;

/// <summary>Split-half reliability of neural responses, Spearman–Brown corrected to the full number of repeats.</summary>
/// <param name="PerNeuron">Each neuron's corrected reliability, averaged over random splits.</param>
/// <param name="Median">Median over neurons: the noise ceiling for <see cref="NeuralPredictivity"/>.</param>
/// <param name="PerSplitMedian">Median over neurons within each split.</param>
public sealed record ReliabilityResult(IReadOnlyList<double> PerNeuron, double Median, IReadOnlyList<double> PerSplitMedian)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("Split-half reliability (Spearman–Brown)");
        sb.Append(ci, $"  neurons            {PerNeuron.Count,8}").AppendLine();
        sb.Append(ci, $"  splits             {PerSplitMedian.Count,8}").AppendLine();
        sb.Append(ci, $"  median reliability {Median,8:F4}").AppendLine();
        return sb.ToString();
    }
}
