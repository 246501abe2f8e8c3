using System.Globalization;
using System.Text;

namespace BioVision.Rsa;

/// <summary>
/// A collection of representational dissimilarity matrices over the same conditions, each stored as its condensed
/// upper triangle (see <see cref="CondensedIndex"/>). Immutable: every transform returns a new collection.
/// </summary>
/// <remarks>
/// Entries may be NaN (a missing dissimilarity, e.g. between two copies of the same resampled pattern); comparisons
/// drop NaN positions as rsatoolbox does. Each RDM may carry descriptors (e.g. subject, session) used for pooling and
/// leave-one-out noise ceilings.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(Serialization.RdmsJsonConverter))]
public sealed class Rdms
{
    private readonly double[] _vectors;
    private readonly Dictionary<string, string[]> _descriptors;

    /// <summary>Creates a collection from condensed vectors.</summary>
    /// <param name="vectors">Row-major <paramref name="count"/> × pairs values.</param>
    /// <param name="count">Number of RDMs.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity (e.g. "squared euclidean").</param>
    /// <param name="descriptors">Optional per-RDM descriptors, each a list of <paramref name="count"/> values.</param>
    /// <exception cref="ArgumentException">The vector length is not a triangular number or descriptors have the wrong length.</exception>
    public Rdms(ReadOnlySpan<double> vectors, int count, string dissimilarityMeasure = "unknown",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptors = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (vectors.Length % count != 0)
        {
            throw new ArgumentException($"{vectors.Length} values cannot be split into {count} RDM vectors.", nameof(vectors));
        }

        Pairs = vectors.Length / count;
        Conditions = CondensedIndex.ConditionCount(Pairs);
        if (Conditions < 2)
        {
            throw new ArgumentException("An RDM needs at least two conditions.", nameof(vectors));
        }

        Count = count;
        _vectors = vectors.ToArray();
        DissimilarityMeasure = dissimilarityMeasure ?? throw new ArgumentNullException(nameof(dissimilarityMeasure));
        _descriptors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (descriptors is not null)
        {
            foreach (var (key, values) in descriptors)
            {
                if (values.Count != count)
                {
                    throw new ArgumentException($"Descriptor '{key}' has {values.Count} values for {count} RDMs.", nameof(descriptors));
                }

                _descriptors[key] = values.ToArray();
            }
        }
    }

    /// <summary>Creates a collection from a list of condensed vectors of equal length.</summary>
    /// <param name="vectors">One condensed vector per RDM.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity.</param>
    /// <param name="descriptors">Optional per-RDM descriptors.</param>
    public static Rdms FromVectors(IReadOnlyList<double[]> vectors, string dissimilarityMeasure = "unknown",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptors = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException("At least one RDM vector is needed.", nameof(vectors));
        }

        int length = vectors[0].Length;
        var flat = new double[vectors.Count * length];
        for (int i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != length)
            {
                throw new ArgumentException($"RDM vector {i} has length {vectors[i].Length}, expected {length}.", nameof(vectors));
            }

            vectors[i].CopyTo(flat, i * length);
        }

        return new Rdms(flat, vectors.Count, dissimilarityMeasure, descriptors);
    }

    /// <summary>
    /// Default relative tolerance of the symmetry check in <see cref="FromSquare"/> and <see cref="FromSquares(ReadOnlySpan{double}, IReadOnlyList{int}, string, IReadOnlyDictionary{string, IReadOnlyList{string}}?, double)"/>:
    /// entries (i, j) and (j, i) may differ by 1e-9 × max(|a|, |b|). Real RDMs computed in floating point (the Algonauts
    /// 2019 file's differ by about 1e-16 relative) pass; a transposed or wrongly reshaped array does not.
    /// </summary>
    public const double DefaultSymmetryTolerance = 1e-9;

    /// <summary>
    /// Creates a single-RDM collection from a square matrix. The upper triangle is read (as rsatoolbox does); the
    /// lower triangle must agree with it within <paramref name="relativeTolerance"/> (NaN only opposite NaN). The
    /// diagonal is ignored.
    /// </summary>
    /// <param name="square">Conditions × conditions matrix.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity.</param>
    /// <param name="relativeTolerance">
    /// Allowed |a − b| / max(|a|, |b|) between mirrored entries (default <see cref="DefaultSymmetryTolerance"/>);
    /// <see cref="double.PositiveInfinity"/> reads the upper triangle without checking.
    /// </param>
    /// <exception cref="ArgumentException">The matrix is not square or not symmetric within the tolerance.</exception>
    public static Rdms FromSquare(double[,] square, string dissimilarityMeasure = "unknown", double relativeTolerance = DefaultSymmetryTolerance)
    {
        ArgumentNullException.ThrowIfNull(square);
        int n = square.GetLength(0);
        if (square.GetLength(1) != n)
        {
            throw new ArgumentException($"An RDM must be square, got {n} × {square.GetLength(1)}.", nameof(square));
        }

        var flat = new double[square.Length];
        Buffer.BlockCopy(square, 0, flat, 0, flat.Length * sizeof(double));
        return FromSquares(flat, [n, n], dissimilarityMeasure, null, relativeTolerance);
    }

    /// <summary>
    /// Creates a collection from a stack of square RDMs in one call, e.g. the subjects × 92 × 92 array of a .mat or
    /// .npy file. Each matrix is read as in <see cref="FromSquare"/> (upper triangle, symmetry checked within the tolerance).
    /// </summary>
    /// <param name="rowMajor">Values in row-major (C) order: index ((r · n) + i) · n + j.</param>
    /// <param name="shape">[count, n, n], or [n, n] for a single RDM.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity.</param>
    /// <param name="descriptors">Optional per-RDM descriptors.</param>
    /// <param name="relativeTolerance">Symmetry tolerance (see <see cref="FromSquare"/>).</param>
    /// <exception cref="ArgumentException">The shape is not [count, n, n] or [n, n], does not match the values, or an RDM is not symmetric.</exception>
    public static Rdms FromSquares(ReadOnlySpan<double> rowMajor, IReadOnlyList<int> shape, string dissimilarityMeasure = "unknown",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptors = null, double relativeTolerance = DefaultSymmetryTolerance)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(relativeTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), $"The symmetry tolerance must be non-negative, got {relativeTolerance}.");
        }

        if (shape.Count is not (2 or 3) || shape[^1] != shape[^2])
        {
            throw new ArgumentException($"Square RDMs need shape [count, n, n] or [n, n], got [{string.Join(", ", shape)}].", nameof(shape));
        }

        int n = shape[^1], count = shape.Count == 3 ? shape[0] : 1;
        if ((long)count * n * n != rowMajor.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] needs {(long)count * n * n} values, got {rowMajor.Length}.", nameof(rowMajor));
        }

        int pairs = CondensedIndex.PairCount(n);
        var v = new double[count * pairs];
        int k = 0;
        for (int r = 0; r < count; r++)
        {
            var m = rowMajor.Slice(r * n * n, n * n);
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double a = m[(i * n) + j], b = m[(j * n) + i];
                    bool same = a == b || (double.IsNaN(a) && double.IsNaN(b))
                        || Math.Abs(a - b) <= relativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
                    if (!same)
                    {
                        string which = count > 1 ? $"RDM {r}" : "The RDM";
                        throw new ArgumentException(
                            $"{which} is not symmetric at ({i}, {j}): {a:R} vs {b:R} (relative difference above {relativeTolerance}); pass a larger relativeTolerance, or PositiveInfinity to read the upper triangle.",
                            nameof(rowMajor));
                    }

                    v[k++] = a;
                }
            }
        }

        return new Rdms(v, count, dissimilarityMeasure, descriptors);
    }

    /// <summary>Creates a collection from a MATLAB array of square RDMs (count × n × n as MATLAB shows it, or n × n).</summary>
    /// <param name="array">Numeric array read by <see cref="Io.MatFile"/>.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity.</param>
    /// <param name="descriptors">Optional per-RDM descriptors.</param>
    /// <param name="relativeTolerance">Symmetry tolerance (see <see cref="FromSquare"/>).</param>
    public static Rdms FromSquares(Io.MatNumericArray array, string dissimilarityMeasure = "unknown",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptors = null, double relativeTolerance = DefaultSymmetryTolerance)
    {
        ArgumentNullException.ThrowIfNull(array);
        return FromSquares(array.ToRowMajor(), array.Dimensions, dissimilarityMeasure, descriptors, relativeTolerance);
    }

    /// <summary>Creates a collection from a NumPy array of square RDMs (count × n × n, or n × n).</summary>
    /// <param name="array">Array read by <see cref="Io.NpyReader"/>.</param>
    /// <param name="dissimilarityMeasure">Name of the dissimilarity.</param>
    /// <param name="descriptors">Optional per-RDM descriptors.</param>
    /// <param name="relativeTolerance">Symmetry tolerance (see <see cref="FromSquare"/>).</param>
    public static Rdms FromSquares(Io.NpyArray array, string dissimilarityMeasure = "unknown",
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptors = null, double relativeTolerance = DefaultSymmetryTolerance)
    {
        ArgumentNullException.ThrowIfNull(array);
        return FromSquares(array.Values, array.Shape, dissimilarityMeasure, descriptors, relativeTolerance);
    }

    /// <summary>Number of RDMs.</summary>
    public int Count { get; }

    /// <summary>Number of conditions (rows of each square RDM).</summary>
    public int Conditions { get; }

    /// <summary>Length of each condensed vector: Conditions × (Conditions − 1) / 2.</summary>
    public int Pairs { get; }

    /// <summary>Name of the dissimilarity measure.</summary>
    public string DissimilarityMeasure { get; }

    /// <summary>Names of the per-RDM descriptors.</summary>
    public IEnumerable<string> DescriptorNames => _descriptors.Keys;

    /// <summary>All condensed vectors, row-major Count × Pairs.</summary>
    public ReadOnlySpan<double> Vectors => _vectors;

    /// <summary>The condensed vector of RDM <paramref name="index"/>.</summary>
    /// <param name="index">RDM index.</param>
    public ReadOnlySpan<double> Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _vectors.AsSpan(index * Pairs, Pairs);
    }

    /// <summary>The values of a per-RDM descriptor.</summary>
    /// <param name="name">Descriptor name.</param>
    /// <exception cref="KeyNotFoundException">No such descriptor.</exception>
    public IReadOnlyList<string> Descriptor(string name) =>
        _descriptors.TryGetValue(name, out var values) ? values
        : throw new KeyNotFoundException($"The RDMs have no descriptor '{name}' (have: {string.Join(", ", _descriptors.Keys)}).");

    /// <summary>A copy with one descriptor added or replaced.</summary>
    /// <param name="name">Descriptor name.</param>
    /// <param name="values">One value per RDM.</param>
    public Rdms WithDescriptor(string name, IReadOnlyList<string> values)
    {
        var all = AllDescriptors();
        all[name] = values;
        return new Rdms(_vectors, Count, DissimilarityMeasure, all);
    }

    /// <summary>The square (Conditions × Conditions) form of RDM <paramref name="index"/>, zero diagonal.</summary>
    /// <param name="index">RDM index.</param>
    public double[,] ToSquare(int index)
    {
        var v = Vector(index);
        int n = Conditions;
        var m = new double[n, n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                m[i, j] = m[j, i] = v[k++];
            }
        }

        return m;
    }

    /// <summary>The RDMs at the given indices (repeats allowed, as in bootstrap resampling of subjects).</summary>
    /// <param name="indices">RDM indices.</param>
    public Rdms SubsetRdms(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var flat = new double[indices.Count * Pairs];
        for (int i = 0; i < indices.Count; i++)
        {
            Vector(indices[i]).CopyTo(flat.AsSpan(i * Pairs, Pairs));
        }

        var desc = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in _descriptors)
        {
            desc[key] = indices.Select(i => values[i]).ToArray();
        }

        return new Rdms(flat, indices.Count, DissimilarityMeasure, desc);
    }

    /// <summary>The RDMs whose descriptor <paramref name="name"/> takes one of <paramref name="values"/>.</summary>
    /// <param name="name">Descriptor name.</param>
    /// <param name="values">Accepted values.</param>
    public Rdms SubsetRdms(string name, IEnumerable<string> values)
    {
        var accepted = values.ToHashSet(StringComparer.Ordinal);
        var d = Descriptor(name);
        var indices = Enumerable.Range(0, Count).Where(i => accepted.Contains(d[i])).ToArray();
        if (indices.Length == 0)
        {
            throw new ArgumentException($"No RDM has {name} in the given values.", nameof(values));
        }

        return SubsetRdms(indices);
    }

    /// <summary>
    /// The RDMs restricted to the given conditions, in the given order. Repeated conditions are allowed: the
    /// dissimilarity between two copies of the same condition is NaN (unknown), as in rsatoolbox's pattern subsampling.
    /// </summary>
    /// <param name="conditions">Condition indices (0-based rows of the square RDM).</param>
    public Rdms SubsetConditions(IReadOnlyList<int> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        int m = conditions.Count;
        if (m < 2)
        {
            throw new ArgumentException("At least two conditions are needed.", nameof(conditions));
        }

        foreach (int c in conditions)
        {
            if (c < 0 || c >= Conditions)
            {
                throw new ArgumentOutOfRangeException(nameof(conditions), $"Condition {c} is outside 0..{Conditions - 1}.");
            }
        }

        int pairs = CondensedIndex.PairCount(m);
        var map = new int[pairs];
        int k = 0;
        for (int a = 0; a < m; a++)
        {
            for (int b = a + 1; b < m; b++)
            {
                map[k++] = conditions[a] == conditions[b] ? -1 : CondensedIndex.Of(conditions[a], conditions[b], Conditions);
            }
        }

        var flat = new double[Count * pairs];
        for (int r = 0; r < Count; r++)
        {
            var src = Vector(r);
            var dst = flat.AsSpan(r * pairs, pairs);
            for (int p = 0; p < pairs; p++)
            {
                dst[p] = map[p] < 0 ? double.NaN : src[map[p]];
            }
        }

        return new Rdms(flat, Count, DissimilarityMeasure, AllDescriptors());
    }

    /// <summary>
    /// rsatoolbox's pattern bootstrap subsampling: the selected conditions are sorted, so repeats become adjacent,
    /// and dissimilarities between copies of one condition are NaN.
    /// </summary>
    /// <param name="conditions">Resampled condition indices (any order, repeats allowed).</param>
    public Rdms SubsamplePatterns(IReadOnlyList<int> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var sorted = conditions.ToArray();
        Array.Sort(sorted);
        return SubsetConditions(sorted);
    }

    /// <summary>The entry-wise mean RDM, ignoring NaN entries (NaN where every RDM is NaN).</summary>
    public Rdms Mean()
    {
        var mean = new double[Pairs];
        for (int p = 0; p < Pairs; p++)
        {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < Count; r++)
            {
                double v = _vectors[(r * Pairs) + p];
                if (!double.IsNaN(v))
                {
                    sum += v;
                    n++;
                }
            }

            mean[p] = n == 0 ? double.NaN : sum / n;
        }

        return new Rdms(mean, 1, DissimilarityMeasure);
    }

    /// <summary>A new collection with every vector replaced by <paramref name="transform"/>(vector).</summary>
    /// <param name="transform">Maps an input vector to an output vector of the same length.</param>
    /// <param name="dissimilarityMeasure">Measure name of the result (null keeps the current one).</param>
    public Rdms Map(Func<double[], double[]> transform, string? dissimilarityMeasure = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var flat = new double[_vectors.Length];
        for (int r = 0; r < Count; r++)
        {
            var result = transform(Vector(r).ToArray());
            if (result.Length != Pairs)
            {
                throw new InvalidOperationException($"The transform returned {result.Length} values for an RDM of {Pairs} pairs.");
            }

            result.CopyTo(flat, r * Pairs);
        }

        return new Rdms(flat, Count, dissimilarityMeasure ?? DissimilarityMeasure, AllDescriptors());
    }

    /// <summary>Concatenates collections over the same conditions.</summary>
    /// <param name="parts">Collections to join.</param>
    public static Rdms Concat(IReadOnlyList<Rdms> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        }

        int pairs = parts[0].Pairs;
        if (parts.Any(p => p.Pairs != pairs))
        {
            throw new ArgumentException("All RDMs must have the same number of conditions.", nameof(parts));
        }

        var flat = parts.SelectMany(p => p._vectors).ToArray();
        var keys = parts[0]._descriptors.Keys.Where(k => parts.All(p => p._descriptors.ContainsKey(k)));
        var desc = keys.ToDictionary(k => k, k => (IReadOnlyList<string>)parts.SelectMany(p => p._descriptors[k]).ToArray(), StringComparer.Ordinal);
        return new Rdms(flat, parts.Sum(p => p.Count), parts[0].DissimilarityMeasure, desc);
    }

    private Dictionary<string, IReadOnlyList<string>> AllDescriptors() =>
        _descriptors.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);

    /// <summary>Writes the collection as indented JSON (<see cref="Serialization.RdmsDocument"/>; NaN written as "NaN").</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Serialization.RsaJsonContext.Default.Rdms);

    /// <summary>Reads JSON written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="System.Text.Json.JsonException">The text does not describe a valid rdms.</exception>
    public static Rdms FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, Serialization.RsaJsonContext.Default.Rdms)
        ?? throw new System.Text.Json.JsonException("The JSON holds null.");

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Rdms: {Count} × {Conditions} conditions ({DissimilarityMeasure})");
        foreach (var key in _descriptors.Keys)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; {key}: {string.Join(", ", _descriptors[key].Take(8))}{(Count > 8 ? ", …" : string.Empty)}");
        }

        return sb.ToString();
    }
}
