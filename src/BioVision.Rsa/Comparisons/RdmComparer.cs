namespace BioVision.Rsa.Comparisons;

/// <summary>
/// Compares every RDM of one collection with every RDM of another (rsatoolbox's <c>compare</c>), returning a
/// <c>[a.Count, b.Count]</c> matrix of similarities.
/// </summary>
/// <remarks>
/// NaN entries are dropped before comparing, as rsatoolbox does; every RDM of both collections must have its NaN
/// entries at the same positions (otherwise an <see cref="ArgumentException"/> names the mismatch). Correlation-like
/// methods are computed by embedding each RDM once (normalised, ranked or whitened vector) and taking dot products,
/// so comparing many RDMs costs one transform per RDM.
/// </remarks>
public static class RdmComparer
{
    /// <summary>All pairwise similarities between the RDMs of <paramref name="a"/> (rows) and <paramref name="b"/> (columns).</summary>
    /// <param name="a">First collection.</param>
    /// <param name="b">Second collection (same number of conditions).</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="options">Pattern covariance for the whitened methods; null means none.</param>
    public static double[,] Compare(Rdms a, Rdms b, ComparisonMethod method, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Pairs != b.Pairs)
        {
            throw new ArgumentException($"RDMs over {a.Conditions} and {b.Conditions} conditions cannot be compared.", nameof(b));
        }

        var valid = ValidMask(a, b);
        var result = new double[a.Count, b.Count];
        if (method is ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB)
        {
            var ca = Compact(a, valid);
            var cb = Compact(b, valid);
            if (cb[0].Length < 2)
            {
                throw new ArgumentException("Fewer than two dissimilarities to compare.", nameof(b));
            }

            // Sort each vector of the smaller collection once; τ is symmetric in its arguments.
            bool byB = b.Count <= a.Count;
            var references = (byB ? cb : ca).Select(v => new VectorComparisons.KendallReference(v)).ToArray();
            Parallel.For(0, a.Count * b.Count, t =>
            {
                int i = t / b.Count, j = t % b.Count;
                var counts = byB ? references[j].Counts(ca[i]) : references[i].Counts(cb[j]);
                result[i, j] = VectorComparisons.TauFromCounts(counts, method == ComparisonMethod.KendallTauB);
            });
            return result;
        }

        if (method is ComparisonMethod.Bures or ComparisonMethod.BuresMetric)
        {
            if (valid.Any(v => !v))
            {
                throw new ArgumentException("Bures comparisons need complete RDMs (no NaN entries).", nameof(a));
            }

            var ga = Enumerable.Range(0, a.Count).Select(i => BuresComparison.Prepare(a.Vector(i), a.Conditions)).ToArray();
            var gb = Enumerable.Range(0, b.Count).Select(i => BuresComparison.Prepare(b.Vector(i), b.Conditions)).ToArray();
            Parallel.For(0, a.Count * b.Count, t =>
            {
                int i = t / b.Count, j = t % b.Count;
                result[i, j] = BuresComparison.Compare(ga[i], gb[j], method == ComparisonMethod.BuresMetric);
            });
            return result;
        }

        var ea = Embed(a, valid, method, options);
        var eb = ReferenceEquals(a, b) ? ea : Embed(b, valid, method, options);
        for (int i = 0; i < a.Count; i++)
        {
            for (int j = 0; j < b.Count; j++)
            {
                result[i, j] = RdmMethods.DenseKernels.Dot(ea[i], eb[j]);
            }
        }

        return result;
    }

    /// <summary>Similarity of two single condensed vectors (NaN entries dropped; they must coincide).</summary>
    /// <param name="x">First RDM vector.</param>
    /// <param name="y">Second RDM vector.</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="options">Pattern covariance for the whitened methods.</param>
    public static double Compare(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ComparisonMethod method, ComparisonOptions? options = null) =>
        Compare(new Rdms(x, 1), new Rdms(y, 1), method, options)[0, 0];

    /// <summary>The method for an rsatoolbox method name (cosine, corr, spearman, rho-a, tau-a, kendall/tau-b, corr_cov, cosine_cov, bures, bures_metric).</summary>
    /// <param name="name">rsatoolbox name.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ComparisonMethod ParseRsatoolboxName(string name) => name switch
    {
        "cosine" => ComparisonMethod.Cosine,
        "corr" => ComparisonMethod.Pearson,
        "spearman" => ComparisonMethod.Spearman,
        "rho-a" => ComparisonMethod.RhoA,
        "tau-a" => ComparisonMethod.KendallTauA,
        "kendall" or "tau-b" => ComparisonMethod.KendallTauB,
        "corr_cov" => ComparisonMethod.PearsonCov,
        "cosine_cov" => ComparisonMethod.CosineCov,
        "bures" => ComparisonMethod.Bures,
        "bures_metric" => ComparisonMethod.BuresMetric,
        _ => throw new ArgumentException($"Unknown RDM comparison method '{name}' (known: cosine, corr, spearman, rho-a, tau-a, kendall, tau-b, corr_cov, cosine_cov, bures, bures_metric).", nameof(name)),
    };

    /// <summary>
    /// Embeds each RDM so that the similarity of two RDMs is the dot product of their embeddings (not for Kendall's τ).
    /// </summary>
    internal static double[][] Embed(Rdms rdms, bool[] valid, ComparisonMethod method, ComparisonOptions? options) =>
        EmbedCompact(Compact(rdms, valid), valid, rdms.Conditions, method, options);

    /// <summary>Embeds NaN-free compact vectors (the valid entries of RDMs over <paramref name="n"/> conditions).</summary>
    internal static double[][] EmbedCompact(double[][] compact, bool[] valid, int n, ComparisonMethod method, ComparisonOptions? options)
    {
        double[]? sigmaDiag = options?.PatternVariances?.ToArray();
        double[,]? chol = null;
        if (method is ComparisonMethod.PearsonCov or ComparisonMethod.CosineCov)
        {
            if (sigmaDiag is not null && sigmaDiag.Length != n)
            {
                throw new ArgumentException($"{sigmaDiag.Length} pattern variances for {n} conditions.", nameof(options));
            }

            if (options?.PatternCovariance is { } sigma)
            {
                if (sigma.GetLength(0) != n || sigma.GetLength(1) != n)
                {
                    throw new ArgumentException($"The pattern covariance must be {n} × {n}.", nameof(options));
                }

                chol = CovarianceWeighting.CholeskyOfV(sigma, valid, n);
            }
        }

        var result = new double[compact.Length][];
        void EmbedOne(int r)
        {
            var v = compact[r];
            double[] e = method switch
            {
                ComparisonMethod.Cosine => v,
                ComparisonMethod.Pearson => VectorComparisons.Centre(v),
                ComparisonMethod.Spearman or ComparisonMethod.RhoA => VectorComparisons.Centre(Ranking.AverageRanks(v)),
                ComparisonMethod.CosineCov => CovarianceWeighting.Embed(v, valid, n, sigmaDiag, chol),
                ComparisonMethod.PearsonCov => CovarianceWeighting.Embed(VectorComparisons.Centre(v), valid, n, sigmaDiag, chol),
                _ => throw new ArgumentOutOfRangeException(nameof(method), $"{method} is not an embedding method."),
            };
            if (method == ComparisonMethod.RhoA)
            {
                double m = e.Length;
                double scale = Math.Sqrt(12 / ((m * m * m) - m));
                for (int k = 0; k < e.Length; k++)
                {
                    e[k] *= scale;
                }
            }
            else
            {
                double norm = Math.Sqrt(RdmMethods.DenseKernels.Dot(e, e));
                if (ReferenceEquals(e, v))
                {
                    e = (double[])v.Clone();
                }

                for (int k = 0; k < e.Length; k++)
                {
                    e[k] = norm > 0 ? e[k] / norm : 0;
                }
            }

            result[r] = e;
        }

        if (compact.Length < 16)
        {
            for (int r = 0; r < compact.Length; r++)
            {
                EmbedOne(r);
            }
        }
        else
        {
            Parallel.For(0, compact.Length, EmbedOne);
        }

        return result;
    }

    /// <summary>The positions that are not NaN, checked to agree across all RDMs of both collections.</summary>
    internal static bool[] ValidMask(Rdms a, Rdms? b)
    {
        var first = a.Vector(0);
        var valid = new bool[a.Pairs];
        int count = 0;
        for (int p = 0; p < valid.Length; p++)
        {
            valid[p] = !double.IsNaN(first[p]);
            count += valid[p] ? 1 : 0;
        }

        if (count < 2)
        {
            throw new ArgumentException("Fewer than two non-NaN dissimilarities remain to compare.", nameof(a));
        }

        void CheckAll(Rdms r, string which)
        {
            for (int i = 0; i < r.Count; i++)
            {
                var v = r.Vector(i);
                for (int p = 0; p < valid.Length; p++)
                {
                    if (double.IsNaN(v[p]) == valid[p])
                    {
                        throw new ArgumentException($"RDM {i} of the {which} collection has a NaN pattern different from the first RDM's (entry {p}); compared RDMs must miss the same entries.");
                    }
                }
            }
        }

        CheckAll(a, "first");
        if (b is not null)
        {
            CheckAll(b, "second");
        }

        return valid;
    }

    /// <summary>The Spearman / ρ-a embedding of a vector of ranks (centred, then normalised or ρ-a scaled).</summary>
    internal static double[] FinishRankEmbedding(double[] ranks, ComparisonMethod method)
    {
        var e = VectorComparisons.Centre(ranks);
        double scale;
        if (method == ComparisonMethod.RhoA)
        {
            double m = e.Length;
            scale = Math.Sqrt(12 / ((m * m * m) - m));
        }
        else
        {
            double norm = Math.Sqrt(RdmMethods.DenseKernels.Dot(e, e));
            scale = norm > 0 ? 1 / norm : 0;
        }

        for (int k = 0; k < e.Length; k++)
        {
            e[k] *= scale;
        }

        return e;
    }

    /// <summary>Whether the method's similarity is a dot product of per-RDM embeddings.</summary>
    internal static bool IsEmbedding(ComparisonMethod method) =>
        method is not (ComparisonMethod.KendallTauA or ComparisonMethod.KendallTauB or ComparisonMethod.Bures or ComparisonMethod.BuresMetric);

    internal static double[][] Compact(Rdms rdms, bool[] valid)
    {
        int m = valid.Count(v => v);
        var result = new double[rdms.Count][];
        for (int r = 0; r < rdms.Count; r++)
        {
            var v = rdms.Vector(r);
            var c = new double[m];
            int k = 0;
            for (int p = 0; p < valid.Length; p++)
            {
                if (valid[p])
                {
                    c[k++] = v[p];
                }
            }

            result[r] = c;
        }

        return result;
    }
}
