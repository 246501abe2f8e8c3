using BioVision.Rsa.Comparisons;

namespace BioVision.Rsa.Inference;

/// <summary>
/// Evaluates model RDMs against data RDMs (rsatoolbox's <c>eval_fixed</c>, <c>eval_bootstrap</c>,
/// <c>eval_bootstrap_rdm</c>, <c>eval_bootstrap_pattern</c>), with reproducible draws from a seed and a replay API that
/// evaluates given draws.
/// </summary>
/// <remarks>
/// Data RDMs are grouped by the descriptor given (each RDM its own group when null); subject bootstrap resamples
/// groups. Pattern bootstrap resamples conditions with replacement; as in rsatoolbox the selection is sorted and the
/// dissimilarities between copies of one condition are missing (NaN) and excluded from comparisons.
/// <para>
/// A single data RDM (one group, e.g. the monkey IT RDM) is supported: <see cref="Fixed"/> reports its similarities
/// with NaN uncertainty, and the stimulus (pattern) bootstrap gives means, SEMs and p-values over resampled stimuli,
/// as rsatoolbox's <c>eval_bootstrap_pattern</c> does. No noise ceiling can be estimated from one RDM: it is reported as
/// NaN and the tests against it are NaN. Resampling data RDMs needs at least two groups.
/// </para>
/// </remarks>
public static class ModelEvaluation
{
    /// <summary>
    /// Fixed evaluation: per-subject similarities, mean, SEM across subjects and t-tests (dof = subjects − 1). With a
    /// single data RDM the similarities are reported and the SEM, p-values and noise ceiling are NaN.
    /// </summary>
    /// <param name="models">Model RDMs (one per model; names from the "name" descriptor when present).</param>
    /// <param name="data">Data RDMs (subjects).</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="descriptor">Descriptor grouping data RDMs into subjects for the noise ceiling, or null.</param>
    public static EvaluationResult Fixed(Rdms models, Rdms data, ComparisonMethod method, string? descriptor = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(data);
        var sim = RdmComparer.Compare(models, data, method); // models × subjects
        int m = models.Count, n = data.Count;
        var samples = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                samples[i, j] = sim[j, i];
            }
        }

        // Covariance across subjects (ddof 0) of the per-subject evaluations, divided by n: the variance of the mean
        // up to the n/(n−1) correction applied by the statistics.
        double[,] raw;
        if (n < 2)
        {
            raw = new double[m, m];
            for (int a = 0; a < m; a++)
            {
                for (int b = 0; b < m; b++)
                {
                    raw[a, b] = double.NaN; // one subject: no between-subject variance to estimate
                }
            }
        }
        else
        {
            raw = EvaluationStatistics.Covariance(samples);
            for (int a = 0; a < m; a++)
            {
                for (int b = 0; b < m; b++)
                {
                    raw[a, b] *= (n - 1.0) / n / n;
                }
            }
        }

        var nc = NoiseCeilings.Groups(data, descriptor).Count < 2 ? new NoiseCeiling(double.NaN, double.NaN)
            : NoiseCeilings.LeaveOneOut(data, method, descriptor);
        return new EvaluationResult(EvaluationKind.Fixed, method, Names(models), samples, [nc], raw, false, n < 2 ? null : n, n - 1);
    }

    /// <summary>Evaluates all models and the noise ceiling on one bootstrap draw.</summary>
    /// <param name="models">Model RDMs.</param>
    /// <param name="data">Data RDMs.</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="draw">Resampled groups and/or conditions.</param>
    /// <param name="descriptor">Descriptor grouping data RDMs, or null (each RDM its own group).</param>
    public static DrawEvaluation EvaluateDraw(Rdms models, Rdms data, ComparisonMethod method, BootstrapDraw draw, string? descriptor = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(draw);
        var groups = NoiseCeilings.Groups(data, descriptor);
        var sampleData = data;
        string? groupDescriptor = descriptor;
        if (draw.RdmIndices is { } rdmIdx)
        {
            // Keep the group label so copies of one subject are left out together in the noise ceiling.
            var indices = new List<int>();
            var labels = new List<string>();
            foreach (int g in rdmIdx)
            {
                if (g < 0 || g >= groups.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(draw), $"RDM group {g} is outside 0..{groups.Count - 1}.");
                }

                foreach (int r in groups[g])
                {
                    indices.Add(r);
                    labels.Add(g.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            sampleData = data.SubsetRdms(indices).WithDescriptor("bootstrap group", labels);
            groupDescriptor = "bootstrap group";
        }

        var sampleModels = models;
        if (draw.PatternIndices is { } patterns)
        {
            sampleData = sampleData.SubsamplePatterns(patterns);
            sampleModels = models.SubsamplePatterns(patterns);
        }

        double[,] sim;
        NoiseCeilings.PreparedRdms? prepared = null;
        if (RdmComparer.IsEmbedding(method))
        {
            // Transform (rank, normalise, whiten) each sampled data RDM once for both the evaluation and the ceiling.
            prepared = NoiseCeilings.Prepare(sampleData, method, null, sampleModels);
            var modelEmbedding = RdmComparer.EmbedCompact(RdmComparer.Compact(sampleModels, prepared.Valid), prepared.Valid, models.Conditions, method, null);
            sim = new double[models.Count, sampleData.Count];
            for (int j = 0; j < models.Count; j++)
            {
                for (int i = 0; i < sampleData.Count; i++)
                {
                    sim[j, i] = RdmMethods.DenseKernels.Dot(modelEmbedding[j], prepared.Embedded[i]);
                }
            }
        }
        else
        {
            sim = RdmComparer.Compare(sampleModels, sampleData, method);
        }

        var evals = new double[models.Count];
        for (int j = 0; j < models.Count; j++)
        {
            double s = 0;
            int n = 0;
            for (int i = 0; i < sampleData.Count; i++)
            {
                if (!double.IsNaN(sim[j, i]))
                {
                    s += sim[j, i];
                    n++;
                }
            }

            evals[j] = s / n;
        }

        // A draw that resamples a single subject has no leave-one-out noise ceiling (NaN; such draws are left out of
        // the noise-ceiling statistics).
        var ncGroups = NoiseCeilings.Groups(sampleData, groupDescriptor);
        var nc = ncGroups.Count < 2 ? new NoiseCeiling(double.NaN, double.NaN)
            : prepared is not null ? NoiseCeilings.FastLeaveOneOut(prepared, sampleData.Count, sampleData.Conditions, method, ncGroups, null)
            : NoiseCeilings.LeaveOneOut(sampleData, method, groupDescriptor);
        return new DrawEvaluation(evals, nc);
    }

    /// <summary>Bootstrap evaluation with draws generated from <paramref name="seed"/> (reproducible).</summary>
    /// <param name="models">Model RDMs.</param>
    /// <param name="data">Data RDMs.</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="kind">Which factor(s) to resample (not <see cref="EvaluationKind.Fixed"/>).</param>
    /// <param name="samples">Number of bootstrap samples (default 1000).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="descriptor">Descriptor grouping data RDMs into subjects, or null.</param>
    public static EvaluationResult Bootstrap(Rdms models, Rdms data, ComparisonMethod method, EvaluationKind kind, int samples = 1000, long seed = 0, string? descriptor = null) =>
        Bootstrap(models, data, method, kind, samples, seed, descriptor, withNoiseCeiling: false);

    private static EvaluationResult Bootstrap(Rdms models, Rdms data, ComparisonMethod method, EvaluationKind kind, int samples, long seed, string? descriptor, bool withNoiseCeiling)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        RequireGroupsToResample(data, kind, descriptor);
        if (kind == EvaluationKind.DualBootstrap)
        {
            var joint = Bootstrap(models, data, method, EvaluationKind.BootstrapBoth, samples, seed, descriptor);
            var rdm = Bootstrap(models, data, method, EvaluationKind.BootstrapRdms, samples, seed + 1, descriptor, withNoiseCeiling: true);
            var pattern = Bootstrap(models, data, method, EvaluationKind.BootstrapPatterns, samples, seed + 2, descriptor);
            int nRdm = NoiseCeilings.Groups(data, descriptor).Count;
            return new EvaluationResult(EvaluationKind.DualBootstrap, method, joint.ModelNames, joint.Samples, joint.NoiseCeilings, joint.RawCovariance, true,
                null, Math.Min(nRdm, data.Conditions) - 1, (rdm.RawCovariance, pattern.RawCovariance, nRdm, data.Conditions));
        }

        int groups = NoiseCeilings.Groups(data, descriptor).Count;
        var rng = SeededRandom.Create(seed);
        var draws = new List<BootstrapDraw>(samples);
        for (int s = 0; s < samples; s++)
        {
            int[]? r = kind is EvaluationKind.BootstrapRdms or EvaluationKind.BootstrapBoth
                ? Enumerable.Range(0, groups).Select(_ => rng.Next(groups)).ToArray() : null;
            int[]? p = kind is EvaluationKind.BootstrapPatterns or EvaluationKind.BootstrapBoth
                ? Enumerable.Range(0, data.Conditions).Select(_ => rng.Next(data.Conditions)).ToArray() : null;
            if (kind == EvaluationKind.Fixed)
            {
                throw new ArgumentException("Use ModelEvaluation.Fixed for a fixed evaluation.", nameof(kind));
            }

            draws.Add(new BootstrapDraw(r, p));
        }

        return Replay(models, data, method, kind, draws, descriptor, withNoiseCeiling);
    }

    /// <summary>Bootstrap evaluation over the given draws (e.g. recorded from another implementation).</summary>
    /// <param name="models">Model RDMs.</param>
    /// <param name="data">Data RDMs.</param>
    /// <param name="method">Comparison method.</param>
    /// <param name="kind">The resampling the draws represent (sets the variance correction and dof).</param>
    /// <param name="draws">Draws to evaluate.</param>
    /// <param name="descriptor">Descriptor grouping data RDMs into subjects, or null.</param>
    public static EvaluationResult Replay(Rdms models, Rdms data, ComparisonMethod method, EvaluationKind kind, IReadOnlyList<BootstrapDraw> draws, string? descriptor = null) =>
        Replay(models, data, method, kind, draws, descriptor, withNoiseCeiling: false);

    private static EvaluationResult Replay(Rdms models, Rdms data, ComparisonMethod method, EvaluationKind kind, IReadOnlyList<BootstrapDraw> draws, string? descriptor, bool withNoiseCeiling)
    {
        if (kind is EvaluationKind.Fixed or EvaluationKind.DualBootstrap)
        {
            throw new ArgumentException($"Replay evaluates one bootstrap kind; {kind} is not one (for the dual bootstrap replay its three parts).", nameof(kind));
        }

        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(draws);
        RequireGroupsToResample(data, kind, descriptor);
        var results = new DrawEvaluation[draws.Count];
        var fast = DrawEvaluator.TryCreate(models, data, method, descriptor);
        Parallel.For(0, draws.Count, s => results[s] = fast?.Evaluate(draws[s]) ?? EvaluateDraw(models, data, method, draws[s], descriptor));
        int m = models.Count;
        int nRdm = NoiseCeilings.Groups(data, descriptor).Count, nPattern = data.Conditions;

        // A noise ceiling needs two groups; with a single data RDM only the models' evaluations are resampled.
        bool withNc = (withNoiseCeiling || kind != EvaluationKind.BootstrapRdms) && nRdm >= 2;
        var samples = new double[draws.Count, m];
        var all = new double[draws.Count, withNc ? m + 2 : m];
        for (int s = 0; s < draws.Count; s++)
        {
            for (int j = 0; j < m; j++)
            {
                samples[s, j] = all[s, j] = results[s].Evaluations[j];
            }

            if (withNc)
            {
                all[s, m] = results[s].NoiseCeiling.Lower;
                all[s, m + 1] = results[s].NoiseCeiling.Upper;
            }
        }

        var complete = Enumerable.Range(0, draws.Count).Where(s => Enumerable.Range(0, all.GetLength(1)).All(j => !double.IsNaN(all[s, j]))).ToArray();
        var valid = new double[complete.Length, all.GetLength(1)];
        for (int s = 0; s < complete.Length; s++)
        {
            for (int j = 0; j < all.GetLength(1); j++)
            {
                valid[s, j] = all[complete[s], j];
            }
        }

        if (complete.Length < 2)
        {
            throw new InvalidOperationException(
                $"Only {complete.Length} of {draws.Count} bootstrap draws gave finite model evaluations{(withNc ? " and noise ceilings" : string.Empty)}: "
                + "the models or data RDMs are NaN on the resampled stimuli (check the RDMs for NaN entries).");
        }

        int n = kind switch
        {
            EvaluationKind.BootstrapRdms => nRdm,
            EvaluationKind.BootstrapPatterns => nPattern,
            _ => Math.Min(nRdm, nPattern),
        };
        return new EvaluationResult(kind, method, Names(models), samples, results.Select(r => r.NoiseCeiling).ToArray(),
            EvaluationStatistics.Covariance(valid), withNc, n, n - 1);
    }

    private static void RequireGroupsToResample(Rdms data, EvaluationKind kind, string? descriptor)
    {
        int groups = NoiseCeilings.Groups(data, descriptor).Count;
        if (groups < 2 && kind is EvaluationKind.BootstrapRdms or EvaluationKind.BootstrapBoth or EvaluationKind.DualBootstrap)
        {
            throw new ArgumentException(
                $"{kind} resamples data RDMs (subjects), but the data has a single {(descriptor is null ? "RDM" : $"'{descriptor}' group")}; "
                + "use EvaluationKind.BootstrapPatterns to bootstrap the stimuli against one data RDM.", nameof(data));
        }
    }

    private static string[] Names(Rdms models) =>
        models.DescriptorNames.Contains("name") ? models.Descriptor("name").ToArray()
        : Enumerable.Range(0, models.Count).Select(i => $"model {i}").ToArray();
}
