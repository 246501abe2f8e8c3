namespace BioVision.Rsa.Predictivity;

/// <summary>
/// The noise ceiling from repeated presentations: for each random split, each stimulus's valid repeats are shuffled and
/// divided into two halves (with an odd count the second half gets the extra repeat, so every repeat is used),
/// each half averaged; each neuron's Pearson r between the two
/// half-averages over stimuli is corrected with Spearman–Brown, 2r/(1+r), to the reliability of the full set.
/// </summary>
public static class SplitHalfReliability
{
    /// <summary>Split-half reliability of responses with repeats.</summary>
    /// <param name="responses">Row-major neurons × stimuli × repeats; NaN marks a missing repeat (e.g. trailing padding).</param>
    /// <param name="neurons">Number of neurons.</param>
    /// <param name="stimuli">Number of stimuli.</param>
    /// <param name="repeats">Repeat slots per stimulus.</param>
    /// <param name="splits">Number of random splits to average (default 10).</param>
    /// <param name="seed">Seed of the split generator.</param>
    /// <exception cref="ArgumentException">Shapes disagree, or a stimulus has fewer than 2 valid repeats.</exception>
    public static ReliabilityResult Compute(ReadOnlySpan<double> responses, int neurons, int stimuli, int repeats, int splits = 10, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neurons);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stimuli);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(splits);
        if (repeats < 2)
        {
            throw new ArgumentException($"Split-half reliability needs at least 2 repeats; got {repeats}.", nameof(repeats));
        }

        if (responses.Length != (long)neurons * stimuli * repeats)
        {
            throw new ArgumentException($"{responses.Length} values do not form {neurons} × {stimuli} × {repeats}.", nameof(responses));
        }

        // Valid repeats per (neuron, stimulus).
        var valid = new int[neurons, stimuli][];
        for (int n = 0; n < neurons; n++)
        {
            for (int s = 0; s < stimuli; s++)
            {
                var list = new List<int>(repeats);
                for (int r = 0; r < repeats; r++)
                {
                    if (!double.IsNaN(responses[(((n * stimuli) + s) * repeats) + r]))
                    {
                        list.Add(r);
                    }
                }

                if (list.Count < 2)
                {
                    throw new ArgumentException($"Neuron {n}, stimulus {s} has {list.Count} valid repeats; at least 2 are needed.", nameof(responses));
                }

                valid[n, s] = [.. list];
            }
        }

        var rng = SeededRandom.Create(seed);
        var sums = new double[neurons];
        var counts = new int[neurons];
        var perSplit = new double[splits];
        var a = new double[stimuli];
        var b = new double[stimuli];
        var corrected = new double[neurons];
        for (int split = 0; split < splits; split++)
        {
            // One permutation per stimulus and split, shared by all neurons (they were recorded simultaneously).
            var order = new int[stimuli][];
            for (int s = 0; s < stimuli; s++)
            {
                var perm = Enumerable.Range(0, repeats).ToArray();
                for (int i = perm.Length - 1; i > 0; i--)
                {
                    int j = rng.Next(i + 1);
                    (perm[i], perm[j]) = (perm[j], perm[i]);
                }

                order[s] = perm;
            }

            for (int n = 0; n < neurons; n++)
            {
                for (int s = 0; s < stimuli; s++)
                {
                    int[] ok = valid[n, s];
                    int[] picked = order[s].Where(r => Array.IndexOf(ok, r) >= 0).ToArray();
                    int half = picked.Length / 2, rest = picked.Length - half;
                    double sa = 0, sb = 0;
                    for (int k = 0; k < half; k++)
                    {
                        sa += responses[(((n * stimuli) + s) * repeats) + picked[k]];
                    }

                    for (int k = half; k < picked.Length; k++)
                    {
                        sb += responses[(((n * stimuli) + s) * repeats) + picked[k]];
                    }

                    a[s] = sa / half;
                    b[s] = sb / rest;
                }

                double r = NeuronStatistics.Pearson(a, b);
                corrected[n] = SpearmanBrown(r);
                if (!double.IsNaN(corrected[n]))
                {
                    sums[n] += corrected[n];
                    counts[n]++;
                }
            }

            perSplit[split] = NeuronStatistics.NanMedian(corrected);
        }

        double[] perNeuron = Enumerable.Range(0, neurons).Select(n => counts[n] > 0 ? sums[n] / counts[n] : double.NaN).ToArray();
        return new ReliabilityResult(perNeuron, NeuronStatistics.NanMedian(perNeuron), perSplit);
    }

    /// <summary>Spearman–Brown prophecy for doubling the number of repeats: 2r / (1 + r).</summary>
    /// <param name="halfReliability">Correlation between two halves.</param>
    public static double SpearmanBrown(double halfReliability) => 2 * halfReliability / (1 + halfReliability);
}
