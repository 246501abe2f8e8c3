namespace BioVision.Benchmarks.V1Properties;

/// <summary>
/// The distribution similarity of the Marques et al. (2021) benchmarks (Brain-Score
/// <c>BootstrapDistributionSimilarity</c> with <c>ks_similarity</c>): histograms over the data's fixed bins, compared
/// by one minus the Kolmogorov–Smirnov distance scaled by its largest possible value, averaged over bootstrap samples
/// of the model's neurons of the data's size.
/// </summary>
public static class DistributionSimilarity
{
    /// <summary>The reference's number of bootstrap samples.</summary>
    public const int DefaultSamples = 1000;

    /// <summary>
    /// <c>1 − KS / KS_max</c> of two normalised histograms over the same bins: KS = max |ΔCDF|; KS_max is the larger
    /// distance of <paramref name="data"/> to a point mass in the first or in the last bin. 1 for identical histograms,
    /// 0 for a point mass at the far end. NaN when either histogram has NaN entries (an empty sample normalised).
    /// </summary>
    /// <param name="model">The model's histogram, summing to 1.</param>
    /// <param name="data">The data's histogram, summing to 1.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double KsSimilarity(ReadOnlySpan<double> model, ReadOnlySpan<double> data)
    {
        if (model.Length != data.Length || model.Length == 0)
        {
            throw new ArgumentException($"Histograms need the same, non-zero number of bins (got {model.Length} and {data.Length}).");
        }

        double cm = 0, cd = 0, ks = 0, toFirst = 0, toLast = 0;
        for (int i = 0; i < model.Length; i++)
        {
            cm += model[i];
            cd += data[i];
            ks = Math.Max(ks, Math.Abs(cm - cd));
            toFirst = Math.Max(toFirst, Math.Abs(1 - cd));
            toLast = Math.Max(toLast, Math.Abs((i == model.Length - 1 ? 1 : 0) - cd));
            if (double.IsNaN(cm) || double.IsNaN(cd))
            {
                return double.NaN;
            }
        }

        return 1 - (ks / Math.Max(toFirst, toLast));
    }

    /// <summary>
    /// Counts values per bin as <c>numpy.histogram</c> does after the reference's clipping: values below the first edge
    /// count in the first bin, above the last edge in the last bin; bins are [a, b) except the last, [a, b]. NaN values
    /// are not counted.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="bins">Increasing bin edges (at least two).</param>
    public static int[] Histogram(IEnumerable<double> values, IReadOnlyList<double> bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(bins);
        if (bins.Count < 2)
        {
            throw new ArgumentException("At least two bin edges are needed.", nameof(bins));
        }

        var counts = new int[bins.Count - 1];
        foreach (double value in values)
        {
            if (!double.IsNaN(value))
            {
                counts[BinOf(value, bins)]++;
            }
        }

        return counts;
    }

    /// <summary>
    /// The bootstrap similarity of model values to a recorded distribution: <paramref name="samples"/> times, draw the
    /// data's sample size of model values with replacement, histogram them (NaN values are drawn but not counted) and
    /// take <see cref="KsSimilarity"/>; the score is the mean over samples, 0 when more than a tenth of the samples are
    /// NaN (all drawn values missing) or when there are no model values. The values are sorted before drawing, so the
    /// result does not depend on their order; a given seed gives the same result.
    /// </summary>
    /// <param name="modelValues">One value per model neuron (NaN: no value).</param>
    /// <param name="data">The recorded distribution.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="samples">Bootstrap samples (reference 1000).</param>
    /// <returns>The mean and standard deviation over the non-NaN samples.</returns>
    public static (double Mean, double Std) Bootstrap(IReadOnlyList<double> modelValues, PropertyDistribution data, long seed, int samples = DefaultSamples)
    {
        ArgumentNullException.ThrowIfNull(modelValues);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (modelValues.Count == 0)
        {
            return (0, 0);
        }

        var sorted = modelValues.ToArray();
        Array.Sort(sorted, (a, b) => a.CompareTo(b));
        int bins = data.Histogram.Count;
        var dataHist = new double[bins];
        double total = data.ValueCount;
        for (int b = 0; b < bins; b++)
        {
            dataHist[b] = data.Histogram[b] / total;
        }

        var binOf = sorted.Select(v => double.IsNaN(v) ? -1 : BinOf(v, data.Bins)).ToArray();
        var random = Rsa.SeededRandom.Create(seed);
        var counts = new double[bins];
        var scores = new List<double>(samples);
        int nan = 0;
        for (int s = 0; s < samples; s++)
        {
            Array.Clear(counts);
            int counted = 0;
            for (int i = 0; i < data.SampleSize; i++)
            {
                int b = binOf[random.Next(sorted.Length)];
                if (b >= 0)
                {
                    counts[b]++;
                    counted++;
                }
            }

            if (counted == 0)
            {
                nan++;
                continue;
            }

            for (int b = 0; b < bins; b++)
            {
                counts[b] /= counted;
            }

            scores.Add(KsSimilarity(counts, dataHist));
        }

        if (nan > samples / 10.0 || scores.Count == 0)
        {
            return (0, 0);
        }

        double mean = scores.Average();
        double std = Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / scores.Count);
        return (mean, std);
    }

    /// <summary>
    /// The ceiling: <see cref="Bootstrap"/> of the recorded data against itself (Brain-Score <c>NeuronalPropertyCeiling</c>).
    /// </summary>
    /// <param name="data">The recorded distribution.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="samples">Bootstrap samples (reference 1000).</param>
    public static double Ceiling(PropertyDistribution data, long seed, int samples = DefaultSamples)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Bootstrap(data.Values(), data, seed, samples).Mean;
    }

    private static int BinOf(double value, IReadOnlyList<double> bins)
    {
        int last = bins.Count - 2;
        if (value <= bins[0])
        {
            return 0;
        }

        if (value >= bins[^1])
        {
            return last;
        }

        int lo = 0, hi = bins.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (value >= bins[mid])
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
