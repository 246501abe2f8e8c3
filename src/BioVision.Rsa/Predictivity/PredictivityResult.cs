using System.Globalization;
using System.Text;

namespace BioVision.Rsa.Predictivity;

/// <summary>
/// Cross-validated neural predictivity: per split, the Pearson r between predicted and measured responses of each
/// neuron on held-out stimuli, the median over neurons, then the mean over splits.
/// </summary>
/// <param name="Score">Mean over splits of the median over neurons of Pearson r (the raw, unceiled score).</param>
/// <param name="Error">Standard deviation of the per-split medians.</param>
/// <param name="PerSplit">Median r of each split.</param>
/// <param name="PerNeuron">Each neuron's r, averaged over splits.</param>
/// <param name="Ceiling">Noise ceiling used for <see cref="CeiledScore"/>, or null.</param>
public sealed record PredictivityResult(double Score, double Error, IReadOnlyList<double> PerSplit, IReadOnlyList<double> PerNeuron, double? Ceiling)
{
    /// <summary>Score divided by the ceiling (Brain-Score's ceiled score), or null without a ceiling.</summary>
    public double? CeiledScore => Ceiling is { } c ? NeuralPredictivity.Ceil(Score, c) : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        sb.AppendLine("Neural predictivity");
        sb.Append(ci, $"  score (median r, mean over {PerSplit.Count} splits)  {Score,8:F4} ± {Error:F4}").AppendLine();
        sb.Append(ci, $"  neurons                                  {PerNeuron.Count,8}").AppendLine();
        if (Ceiling is { } ceiling)
        {
            sb.Append(ci, $"  ceiling                                  {ceiling,8:F4}").AppendLine();
            sb.Append(ci, $"  ceiled score                             {CeiledScore,8:F4}").AppendLine();
        }

        return sb.ToString();
    }
}
