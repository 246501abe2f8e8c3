namespace BioVision.Rsa.Predictivity;

/// <summary>Seeded train/test splits of stimuli, optionally stratified by a label per stimulus (e.g. object category).</summary>
public static class CrossValidation
{
    /// <summary>Makes the splits described by <paramref name="options"/>.</summary>
    /// <param name="stimuli">Number of stimuli.</param>
    /// <param name="options">Split kind, count, train fraction and seed.</param>
    /// <param name="strata">Optional label per stimulus: each label's stimuli are divided in the same proportion.</param>
    /// <returns>The splits, deterministic for a given seed.</returns>
    /// <remarks>
    /// The random streams are not scikit-learn's, so the splits differ from Brain-Score's; their distribution is the same
    /// (uniform shuffles; per-stratum test counts rounded, at least one training stimulus kept per stratum).
    /// </remarks>
    public static IReadOnlyList<TrainTestSplit> Create(int stimuli, PredictivityOptions options, IReadOnlyList<string>? strata = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (stimuli < 2)
        {
            throw new ArgumentException($"Cross-validation needs at least 2 stimuli; got {stimuli}.", nameof(stimuli));
        }

        if (options.Splits < (options.Kind == SplitKind.KFold ? 2 : 1))
        {
            throw new ArgumentException($"{options.Kind} needs {(options.Kind == SplitKind.KFold ? "at least 2" : "at least 1")} splits; got {options.Splits}.", nameof(options));
        }

        if (!(options.TrainFraction > 0 && options.TrainFraction < 1))
        {
            throw new ArgumentException($"TrainFraction must lie strictly between 0 and 1; got {options.TrainFraction}.", nameof(options));
        }

        if (strata is not null && strata.Count != stimuli)
        {
            throw new ArgumentException($"{strata.Count} stratum labels given for {stimuli} stimuli.", nameof(strata));
        }

        var groups = strata is null
            ? [Enumerable.Range(0, stimuli).ToArray()]
            : Enumerable.Range(0, stimuli).GroupBy(i => strata[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList();
        var rng = SeededRandom.Create(options.Seed);
        var splits = new List<TrainTestSplit>();
        if (options.Kind == SplitKind.KFold)
        {
            var foldOf = new int[stimuli];
            int offset = 0;
            foreach (int[] group in groups)
            {
                int[] shuffled = Shuffled(group, rng);
                for (int k = 0; k < shuffled.Length; k++)
                {
                    foldOf[shuffled[k]] = (k + offset) % options.Splits; // stratified round-robin over folds
                }

                offset += shuffled.Length;
            }

            for (int f = 0; f < options.Splits; f++)
            {
                int[] test = Enumerable.Range(0, stimuli).Where(i => foldOf[i] == f).ToArray();
                int[] train = Enumerable.Range(0, stimuli).Where(i => foldOf[i] != f).ToArray();
                if (test.Length == 0)
                {
                    throw new ArgumentException($"{options.Splits} folds are more than the {stimuli} stimuli.", nameof(options));
                }

                splits.Add(new TrainTestSplit(train, test));
            }

            return splits;
        }

        for (int s = 0; s < options.Splits; s++)
        {
            var test = new List<int>();
            foreach (int[] group in groups)
            {
                int[] shuffled = Shuffled(group, rng);
                int testCount = (int)Math.Round(group.Length * (1 - options.TrainFraction), MidpointRounding.AwayFromZero);
                testCount = Math.Clamp(testCount, strata is null ? 1 : 0, group.Length - 1);
                test.AddRange(shuffled.Take(testCount));
            }

            if (test.Count == 0)
            {
                throw new ArgumentException("The train fraction leaves no test stimuli.", nameof(options));
            }

            var testSet = new HashSet<int>(test);
            splits.Add(new TrainTestSplit(
                Enumerable.Range(0, stimuli).Where(i => !testSet.Contains(i)).ToArray(),
                test.Order().ToArray()));
        }

        return splits;
    }

    private static int[] Shuffled(int[] items, Random rng)
    {
        int[] a = (int[])items.Clone();
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }

        return a;
    }
}
