namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// A recorded distribution of one single-neuron property: the data's fixed bins and counts, as the Brain-Score
/// Marques2020 benchmarks compare them.
/// </summary>
/// <param name="Name">Benchmark id without the <c>Marques2020_</c> prefix, e.g. <c>DeValois1982-pref_or</c>.</param>
/// <param name="Group">The parent group the score is averaged in, e.g. <c>V1-orientation</c>.</param>
/// <param name="Unit">Unit of the values, for tables and plot axes (e.g. <c>deg</c>, <c>cpd</c>).</param>
/// <param name="Bins">Bin edges (increasing); values are clipped to the first and last edge.</param>
/// <param name="Histogram">Neurons per bin (one fewer entry than <see cref="Bins"/>).</param>
/// <param name="SampleSize">
/// Neurons recorded, the bootstrap sample size. Larger than the histogram's total when some neurons have no value
/// (e.g. no grating summation field for a neuron without surround suppression); those count as missing.
/// </param>
/// <param name="LogScale">Whether the bins are log-spaced (for plots).</param>
/// <param name="ReferenceCeiling">The ceiling in the reference implementation's tests (±0.005).</param>
/// <param name="ReferenceAlexNet">The DiCarlo-lab AlexNet's ceiled score in the reference's tests (±0.01).</param>
public sealed record PropertyDistribution(
    string Name,
    string Group,
    string Unit,
    IReadOnlyList<double> Bins,
    IReadOnlyList<int> Histogram,
    int SampleSize,
    bool LogScale,
    double ReferenceCeiling,
    double ReferenceAlexNet)
{
    /// <summary>Neurons with a value (the histogram's total).</summary>
    public int ValueCount => Histogram.Sum();

    /// <summary>
    /// One representative value per neuron (the bin centres, geometric on log bins, repeated by count) followed by
    /// NaN for each neuron without a value: the recorded data as far as the metric can see it.
    /// </summary>
    public double[] Values()
    {
        var values = new List<double>(SampleSize);
        for (int b = 0; b < Histogram.Count; b++)
        {
            double centre = LogScale && Bins[b] > 0 ? Math.Sqrt(Bins[b] * Bins[b + 1]) : (Bins[b] + Bins[b + 1]) / 2;
            values.AddRange(Enumerable.Repeat(centre, Histogram[b]));
        }

        values.AddRange(Enumerable.Repeat(double.NaN, Math.Max(0, SampleSize - values.Count)));
        return values.ToArray();
    }
}
