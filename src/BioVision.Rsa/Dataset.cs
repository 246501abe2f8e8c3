namespace BioVision.Rsa;

/// <summary>
/// Measurements of several channels (voxels, neurons, units) for a set of observations, each observation belonging to
/// one condition (stimulus) and optionally to one run (cross-validation fold). Immutable: the arrays given are copied.
/// </summary>
/// <remarks>
/// This is rsatoolbox's <c>Dataset</c> with the two observation descriptors that RDM estimation uses (<c>conds</c> and
/// <c>runs</c>) made explicit. Condition labels are integers; RDM rows follow the ascending order of the distinct labels.
/// String labels (e.g. image names) are accepted by <see cref="FromLabels(ReadOnlySpan{double}, int, int, IReadOnlyList{string}, IReadOnlyList{int}?)"/>:
/// the distinct strings are numbered 0, 1, … in order of first appearance (rsatoolbox's <c>get_unique_inverse</c>
/// order for <c>average_dataset_by</c> and <c>calc_rdm</c>), so RDM rows follow first appearance, and the strings become
/// <see cref="ConditionNames"/>. For integer labels given in ascending order the two orders coincide.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Serialization.DatasetJsonConverter))]
public sealed class Dataset
{
    private readonly double[] _measurements;
    private readonly int[] _conditions;
    private readonly int[]? _runs;

    /// <summary>Creates a dataset from a row-major observations × channels array.</summary>
    /// <param name="measurements">Row-major values, <paramref name="observations"/> × <paramref name="channels"/>.</param>
    /// <param name="observations">Number of observations (rows).</param>
    /// <param name="channels">Number of channels (columns).</param>
    /// <param name="conditions">Condition label of each observation; null means one condition per row (0, 1, …).</param>
    /// <param name="runs">Run (fold) label of each observation, or null when there are no runs.</param>
    /// <param name="conditionNames">Optional names of the distinct conditions, in ascending label order.</param>
    /// <exception cref="ArgumentException">Sizes disagree or a measurement is not finite.</exception>
    public Dataset(ReadOnlySpan<double> measurements, int observations, int channels, IReadOnlyList<int>? conditions = null,
        IReadOnlyList<int>? runs = null, IReadOnlyList<string>? conditionNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (measurements.Length != (long)observations * channels)
        {
            throw new ArgumentException($"Expected {observations} × {channels} = {(long)observations * channels} measurements, got {measurements.Length}.", nameof(measurements));
        }

        for (int k = 0; k < measurements.Length; k++)
        {
            if (!double.IsFinite(measurements[k]))
            {
                throw new ArgumentException($"Measurement at observation {k / channels}, channel {k % channels} is {measurements[k]}; datasets must be finite.", nameof(measurements));
            }
        }

        _measurements = measurements.ToArray();
        Observations = observations;
        Channels = channels;
        _conditions = conditions is null ? Enumerable.Range(0, observations).ToArray() : conditions.ToArray();
        if (_conditions.Length != observations)
        {
            throw new ArgumentException($"{_conditions.Length} condition labels for {observations} observations.", nameof(conditions));
        }

        if (runs is not null)
        {
            _runs = runs.ToArray();
            if (_runs.Length != observations)
            {
                throw new ArgumentException($"{_runs.Length} run labels for {observations} observations.", nameof(runs));
            }
        }

        ConditionValues = _conditions.Distinct().Order().ToArray();
        if (conditionNames is not null && conditionNames.Count != ConditionValues.Count)
        {
            throw new ArgumentException($"{conditionNames.Count} condition names for {ConditionValues.Count} distinct conditions.", nameof(conditionNames));
        }

        ConditionNames = conditionNames?.ToArray();
    }

    /// <summary>Creates a dataset from a rectangular array (rows = observations).</summary>
    /// <param name="measurements">Observations × channels.</param>
    /// <param name="conditions">Condition label per row, or null for one condition per row.</param>
    /// <param name="runs">Run label per row, or null.</param>
    public static Dataset FromMatrix(double[,] measurements, IReadOnlyList<int>? conditions = null, IReadOnlyList<int>? runs = null)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        int n = measurements.GetLength(0), c = measurements.GetLength(1);
        var flat = new double[n * c];
        Buffer.BlockCopy(measurements, 0, flat, 0, flat.Length * sizeof(double));
        return new Dataset(flat, n, c, conditions, runs);
    }

    /// <summary>
    /// Creates a dataset whose conditions are given as strings (rsatoolbox's <c>obs_descriptors={'conds': [...]}</c>).
    /// The distinct strings (ordinal comparison) are numbered in order of first appearance: that is the order of
    /// <see cref="ConditionValues"/>, <see cref="ConditionNames"/> and of the rows of RDMs computed from the dataset.
    /// </summary>
    /// <param name="measurements">Row-major values, <paramref name="observations"/> × <paramref name="channels"/>.</param>
    /// <param name="observations">Number of observations (rows).</param>
    /// <param name="channels">Number of channels (columns).</param>
    /// <param name="conditionLabels">Condition label of each observation.</param>
    /// <param name="runs">Run (fold) label of each observation, or null.</param>
    /// <exception cref="ArgumentException">Sizes disagree, a label is null, or a measurement is not finite.</exception>
    public static Dataset FromLabels(ReadOnlySpan<double> measurements, int observations, int channels, IReadOnlyList<string> conditionLabels,
        IReadOnlyList<int>? runs = null)
    {
        ArgumentNullException.ThrowIfNull(conditionLabels);
        if (conditionLabels.Count != observations)
        {
            throw new ArgumentException($"{conditionLabels.Count} condition labels for {observations} observations.", nameof(conditionLabels));
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var conditions = new int[observations];
        for (int r = 0; r < observations; r++)
        {
            string label = conditionLabels[r] ?? throw new ArgumentException($"Condition label {r} is null.", nameof(conditionLabels));
            if (!codes.TryGetValue(label, out int code))
            {
                code = names.Count;
                codes[label] = code;
                names.Add(label);
            }

            conditions[r] = code;
        }

        return new Dataset(measurements, observations, channels, conditions, runs, names);
    }

    /// <summary>Creates a dataset from a rectangular array with string condition labels (order as in <see cref="FromLabels(ReadOnlySpan{double}, int, int, IReadOnlyList{string}, IReadOnlyList{int}?)"/>).</summary>
    /// <param name="measurements">Observations × channels.</param>
    /// <param name="conditionLabels">Condition label per row.</param>
    /// <param name="runs">Run label per row, or null.</param>
    public static Dataset FromLabels(double[,] measurements, IReadOnlyList<string> conditionLabels, IReadOnlyList<int>? runs = null)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        int n = measurements.GetLength(0), c = measurements.GetLength(1);
        var flat = new double[n * c];
        Buffer.BlockCopy(measurements, 0, flat, 0, flat.Length * sizeof(double));
        return FromLabels(flat, n, c, conditionLabels, runs);
    }

    /// <summary>Number of observations (rows).</summary>
    public int Observations { get; }

    /// <summary>Number of channels (columns).</summary>
    public int Channels { get; }

    /// <summary>Condition label per observation.</summary>
    public IReadOnlyList<int> Conditions => _conditions;

    /// <summary>Run (fold) label per observation, or null.</summary>
    public IReadOnlyList<int>? Runs => _runs;

    /// <summary>The distinct condition labels in ascending order: the rows of RDMs computed from this dataset.</summary>
    public IReadOnlyList<int> ConditionValues { get; }

    /// <summary>Optional names of the distinct conditions (same order as <see cref="ConditionValues"/>).</summary>
    public IReadOnlyList<string>? ConditionNames { get; }

    /// <summary>The condition name of each observation (<see cref="ConditionNames"/> looked up by label), or null without names.</summary>
    public IReadOnlyList<string>? ConditionLabels
    {
        get
        {
            if (ConditionNames is not { } names)
            {
                return null;
            }

            var index = new Dictionary<int, int>(ConditionValues.Count);
            for (int i = 0; i < ConditionValues.Count; i++)
            {
                index[ConditionValues[i]] = i;
            }

            return _conditions.Select(c => names[index[c]]).ToArray();
        }
    }

    /// <summary>The measurements of one observation.</summary>
    /// <param name="observation">Row index.</param>
    public ReadOnlySpan<double> Row(int observation) => _measurements.AsSpan(observation * Channels, Channels);

    /// <summary>All measurements, row-major.</summary>
    public ReadOnlySpan<double> Measurements => _measurements;

    /// <summary>The distinct run labels in ascending order (empty when there are no runs).</summary>
    public IReadOnlyList<int> RunValues => _runs is null ? [] : _runs.Distinct().Order().ToArray();

    /// <summary>A dataset holding only the observations for which <paramref name="keep"/> is true.</summary>
    /// <param name="keep">Predicate on the observation index.</param>
    /// <exception cref="ArgumentException">No observation is kept.</exception>
    public Dataset SubsetObservations(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var rows = Enumerable.Range(0, Observations).Where(keep).ToArray();
        if (rows.Length == 0)
        {
            throw new ArgumentException("The subset selects no observations.", nameof(keep));
        }

        var flat = new double[rows.Length * Channels];
        for (int r = 0; r < rows.Length; r++)
        {
            Row(rows[r]).CopyTo(flat.AsSpan(r * Channels, Channels));
        }

        var conditions = rows.Select(r => _conditions[r]).ToArray();
        string[]? names = null;
        if (ConditionNames is { } all)
        {
            // Keep the names of the conditions that remain, in the same (ascending label) order.
            var kept = conditions.ToHashSet();
            names = ConditionValues.Select((v, i) => (v, i)).Where(t => kept.Contains(t.v)).Select(t => all[t.i]).ToArray();
        }

        return new Dataset(flat, rows.Length, Channels, conditions, _runs is null ? null : rows.Select(r => _runs[r]).ToArray(), names);
    }

    /// <summary>A dataset holding the observations of one run.</summary>
    /// <param name="run">Run label.</param>
    /// <exception cref="InvalidOperationException">The dataset has no runs.</exception>
    public Dataset SubsetRun(int run)
    {
        var runs = _runs ?? throw new InvalidOperationException("The dataset has no run labels.");
        return SubsetObservations(i => runs[i] == run);
    }

    /// <summary>
    /// The mean pattern of each distinct condition (rows in <see cref="ConditionValues"/> order), row-major
    /// conditions × channels, as rsatoolbox's <c>average_dataset_by</c>.
    /// </summary>
    public double[] ConditionMeans()
    {
        int k = ConditionValues.Count;
        var index = new Dictionary<int, int>(k);
        for (int i = 0; i < k; i++)
        {
            index[ConditionValues[i]] = i;
        }

        var sums = new double[k * Channels];
        var counts = new int[k];
        var rowCondition = new int[Observations];
        for (int r = 0; r < Observations; r++)
        {
            rowCondition[r] = index[_conditions[r]];
            counts[rowCondition[r]]++;
        }

        for (int r = 0; r < Observations; r++)
        {
            int c = rowCondition[r];
            var row = Row(r);
            var target = sums.AsSpan(c * Channels, Channels);
            if (counts[c] == 1)
            {
                // A single observation is its own mean (no sum, no division).
                row.CopyTo(target);
                continue;
            }

            for (int j = 0; j < Channels; j++)
            {
                target[j] += row[j];
            }
        }

        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 1)
            {
                continue;
            }

            var target = sums.AsSpan(c * Channels, Channels);
            for (int j = 0; j < Channels; j++)
            {
                target[j] /= counts[c];
            }
        }

        return sums;
    }

    /// <summary>Writes the dataset as indented JSON (<see cref="Serialization.DatasetDocument"/>; NaN written as "NaN").</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Serialization.RsaJsonContext.Default.Dataset);

    /// <summary>Reads JSON written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="System.Text.Json.JsonException">The text does not describe a valid dataset.</exception>
    public static Dataset FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, Serialization.RsaJsonContext.Default.Dataset)
        ?? throw new System.Text.Json.JsonException("The JSON holds null.");

    /// <inheritdoc/>
    public override string ToString() =>
        $"Dataset: {Observations} observations × {Channels} channels, {ConditionValues.Count} conditions, {RunValues.Count} runs";
}
