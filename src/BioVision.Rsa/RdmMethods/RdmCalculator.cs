namespace BioVision.Rsa.RdmMethods;

/// <summary>
/// Estimates RDMs from a <see cref="Dataset"/> (rsatoolbox's <c>calc_rdm</c>). Observations of one condition are
/// averaged (non-cross-validated methods); cross-validated methods fold over the dataset's runs. Every distance is
/// divided by the number of channels, as in rsatoolbox.
/// </summary>
public static class RdmCalculator
{
    /// <summary>Computes one RDM over the dataset's conditions (ascending label order).</summary>
    /// <param name="dataset">Measurements with condition (and, for cross-validated methods, run) labels.</param>
    /// <param name="options">Method and its parameters; null means defaults (Euclidean).</param>
    /// <exception cref="ArgumentException">Invalid noise shapes, non-positive Poisson rates, unbalanced folds.</exception>
    public static Rdms Calculate(Dataset dataset, RdmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new RdmOptions();
        int c = dataset.Channels;
        if (options.Precision is { } p)
        {
            MatrixUtil.CheckSquare(p, c, "noise precision");
        }

        double[] vector = options.Method switch
        {
            RdmMethod.Euclidean => Euclidean(Prepare(dataset.ConditionMeans(), dataset.ConditionValues.Count, c, options), dataset.ConditionValues.Count, c),
            RdmMethod.Correlation => Correlation(dataset.ConditionMeans(), dataset.ConditionValues.Count, c),
            RdmMethod.Mahalanobis => Mahalanobis(Prepare(dataset.ConditionMeans(), dataset.ConditionValues.Count, c, options), dataset.ConditionValues.Count, c, options.Precision),
            RdmMethod.Poisson => Poisson(dataset.ConditionMeans(), dataset.ConditionValues.Count, c, options),
            RdmMethod.Crossnobis => Crossnobis(dataset, options),
            RdmMethod.PoissonCv => PoissonCv(dataset, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown RDM method {options.Method}."),
        };
        return new Rdms(vector, 1, MeasureName(options.Method));
    }

    /// <summary>Squared Euclidean distances / channels between the rows of a row-major conditions × channels array.</summary>
    /// <param name="patterns">Row-major patterns.</param>
    /// <param name="conditions">Rows.</param>
    /// <param name="channels">Columns.</param>
    public static double[] Euclidean(double[] patterns, int conditions, int channels)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var g = DenseKernels.Gram(patterns, conditions, patterns, conditions, channels, symmetric: true);
        return DenseKernels.CondensedFromKernel(g, conditions, channels);
    }

    /// <summary>Correlation distances (1 − Pearson r across channels) between rows.</summary>
    /// <param name="patterns">Row-major patterns.</param>
    /// <param name="conditions">Rows.</param>
    /// <param name="channels">Columns.</param>
    /// <exception cref="ArgumentException">A pattern is constant (its correlation is undefined).</exception>
    public static double[] Correlation(double[] patterns, int conditions, int channels)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var z = new double[patterns.Length];
        var norms = new double[conditions];
        Parallel.For(0, conditions, i =>
        {
            var row = patterns.AsSpan(i * channels, channels);
            var dst = z.AsSpan(i * channels, channels);
            double mean = 0;
            foreach (double x in row)
            {
                mean += x;
            }

            mean /= channels;
            for (int j = 0; j < channels; j++)
            {
                dst[j] = row[j] - mean;
            }

            double norm = Math.Sqrt(DenseKernels.Dot(dst, dst));
            norms[i] = norm;
            if (norm > 0)
            {
                for (int j = 0; j < channels; j++)
                {
                    dst[j] /= norm;
                }
            }
        });
        int constant = Array.IndexOf(norms, 0.0);
        if (constant >= 0)
        {
            throw new ArgumentException($"Pattern {constant} is constant across channels; its correlation distance is undefined.", nameof(patterns));
        }

        var g = DenseKernels.Gram(z, conditions, z, conditions, channels, symmetric: true);
        var v = new double[CondensedIndex.PairCount(conditions)];
        int p = 0;
        for (int i = 0; i < conditions; i++)
        {
            for (int j = i + 1; j < conditions; j++)
            {
                v[p++] = 1 - g[(i * conditions) + j];
            }
        }

        return v;
    }

    private static double[] Mahalanobis(double[] m, int n, int c, double[,]? precision)
    {
        if (precision is null)
        {
            return Euclidean(m, n, c);
        }

        var mp = DenseKernels.MultiplySquare(m, n, MatrixUtil.Flatten(precision), c);
        var k = DenseKernels.Gram(mp, n, m, n, c, symmetric: false);
        return DenseKernels.CondensedFromKernel(k, n, c);
    }

    private static double[] Poisson(double[] m, int n, int c, RdmOptions o)
    {
        var rates = Rates(m, o);
        var logs = Logs(rates);
        var k = DenseKernels.Gram(rates, n, logs, n, c, symmetric: false);
        return DenseKernels.CondensedFromKernel(k, n, c);
    }

    private static double[] Rates(double[] m, RdmOptions o)
    {
        var r = new double[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            r[i] = (m[i] + (o.PriorLambda * o.PriorWeight)) / (1 + o.PriorWeight);
            if (!(r[i] > 0))
            {
                throw new ArgumentException($"Poisson rates must be positive after the prior; got {r[i]} (raise PriorLambda/PriorWeight or check the data).");
            }
        }

        return r;
    }

    private static double[] Logs(double[] r) => r.Select(x => Math.Log(x)).ToArray();

    private static double[] Crossnobis(Dataset dataset, RdmOptions o)
    {
        var folds = Folds(dataset);
        int n = dataset.ConditionValues.Count, c = dataset.Channels;
        var sum = new double[CondensedIndex.PairCount(n)];
        int count = 0;
        if (o.RunPrecisions is { } list)
        {
            if (list.Count != folds.Count)
            {
                throw new ArgumentException($"{list.Count} run precisions for {folds.Count} runs.", nameof(o));
            }

            var means = folds.Select(f => Prepare(FoldMeans(f.Test, dataset), n, c, o)).ToArray();
            var variances = list.Select((p, i) =>
            {
                MatrixUtil.CheckSquare(p, c, $"precision of run {i}");
                return MatrixUtil.Inverse(p, $"precision of run {i}");
            }).ToArray();
            for (int i = 0; i < folds.Count; i++)
            {
                for (int j = i + 1; j < folds.Count; j++)
                {
                    var avg = new double[c, c];
                    for (int a = 0; a < c; a++)
                    {
                        for (int b = 0; b < c; b++)
                        {
                            avg[a, b] = (variances[i][a, b] + variances[j][a, b]) / 2;
                        }
                    }

                    Accumulate(sum, CrossKernel(means[i], means[j], n, c, MatrixUtil.Inverse(avg, "mean run covariance")));
                    count++;
                }
            }
        }
        else if (o.Precision is null && IsBalanced(dataset, folds))
        {
            // Balanced folds without a precision: the training mean of fold f is (T − m_f)/(R − 1), T = Σ m_g, so
            // Σ_f train_f test_fᵀ = (T Tᵀ − Σ_f m_f m_fᵀ)/(R − 1): R + 1 symmetric Gram matrices instead of R full ones.
            int r = folds.Count;
            var means = folds.Select(f => Prepare(FoldMeans(f.Test, dataset), n, c, o)).ToArray();
            var total = new double[n * c];
            foreach (var m in means)
            {
                for (int k = 0; k < total.Length; k++)
                {
                    total[k] += m[k];
                }
            }

            var kernel = DenseKernels.Gram(total, n, total, n, c, symmetric: true);
            foreach (var m in means)
            {
                var g = DenseKernels.Gram(m, n, m, n, c, symmetric: true);
                for (int k = 0; k < kernel.Length; k++)
                {
                    kernel[k] -= g[k];
                }
            }

            var v = DenseKernels.CondensedFromKernel(kernel, n, c);
            for (int p = 0; p < v.Length; p++)
            {
                v[p] /= (r - 1.0) * r;
            }

            return v;
        }
        else
        {
            foreach (var (train, test) in folds)
            {
                Accumulate(sum, CrossKernel(Prepare(FoldMeans(train, dataset), n, c, o), Prepare(FoldMeans(test, dataset), n, c, o), n, c, o.Precision));
                count++;
            }
        }

        for (int p = 0; p < sum.Length; p++)
        {
            sum[p] /= count;
        }

        return sum;
    }

    private static double[] CrossKernel(double[] a, double[] b, int n, int c, double[,]? precision)
    {
        var ap = precision is null ? a : DenseKernels.MultiplySquare(a, n, MatrixUtil.Flatten(precision), c);
        var k = DenseKernels.Gram(ap, n, b, n, c, symmetric: false);
        return DenseKernels.CondensedFromKernel(k, n, c);
    }

    private static double[] PoissonCv(Dataset dataset, RdmOptions o)
    {
        var folds = Folds(dataset);
        int n = dataset.ConditionValues.Count, c = dataset.Channels;
        var sum = new double[CondensedIndex.PairCount(n)];
        var used = o.PoissonCvAllFolds ? folds : [folds[^1]];
        foreach (var (train, test) in used)
        {
            var rTrain = Rates(FoldMeans(train, dataset), o);
            var lTest = Logs(Rates(FoldMeans(test, dataset), o));
            var k = DenseKernels.Gram(rTrain, n, lTest, n, c, symmetric: false);
            Accumulate(sum, DenseKernels.CondensedFromKernel(k, n, c));
        }

        for (int p = 0; p < sum.Length; p++)
        {
            sum[p] /= used.Count;
        }

        return sum;
    }

    private static void Accumulate(double[] sum, double[] v)
    {
        for (int p = 0; p < sum.Length; p++)
        {
            sum[p] += v[p];
        }
    }

    /// <summary>Leave-one-run-out folds as (training observations, test observations) in ascending run order.</summary>
    internal static List<(Dataset Train, Dataset Test)> Folds(Dataset dataset)
    {
        var runs = dataset.Runs ?? DefaultRuns(dataset);
        var values = runs.Distinct().Order().ToArray();
        if (values.Length < 2)
        {
            throw new ArgumentException("Cross-validated RDMs need at least two runs.", nameof(dataset));
        }

        return values.Select(v => (dataset.SubsetObservations(i => runs[i] != v), dataset.SubsetObservations(i => runs[i] == v))).ToList();
    }

    /// <summary>Whether every fold holds every condition equally often (then training means are means of fold means).</summary>
    private static bool IsBalanced(Dataset dataset, List<(Dataset Train, Dataset Test)> folds)
    {
        int? count = null;
        foreach (var (_, test) in folds)
        {
            foreach (var g in test.Conditions.GroupBy(x => x))
            {
                count ??= g.Count();
                if (g.Count() != count)
                {
                    return false;
                }
            }

            if (test.ConditionValues.Count != dataset.ConditionValues.Count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The k-th occurrence of each condition forms run k (rsatoolbox's default cv descriptor; needs balance).</summary>
    private static int[] DefaultRuns(Dataset dataset)
    {
        var seen = new Dictionary<int, int>();
        var runs = new int[dataset.Observations];
        for (int i = 0; i < runs.Length; i++)
        {
            int cond = dataset.Conditions[i];
            seen.TryGetValue(cond, out int k);
            runs[i] = k;
            seen[cond] = k + 1;
        }

        if (seen.Values.Distinct().Count() != 1)
        {
            throw new ArgumentException("Without run labels every condition must have the same number of observations.", nameof(dataset));
        }

        return runs;
    }

    private static double[] FoldMeans(Dataset part, Dataset whole)
    {
        if (part.ConditionValues.Count != whole.ConditionValues.Count)
        {
            var missing = whole.ConditionValues.Except(part.ConditionValues).First();
            throw new ArgumentException($"Condition {missing} is missing from a cross-validation fold; use RdmCalculator.CalculateUnbalanced or complete the runs.");
        }

        return part.ConditionMeans();
    }

    private static double[] Prepare(double[] m, int n, int c, RdmOptions o)
    {
        if (!o.RemoveMean)
        {
            return m;
        }

        var r = (double[])m.Clone();
        for (int i = 0; i < n; i++)
        {
            var row = r.AsSpan(i * c, c);
            double mean = 0;
            foreach (double x in row)
            {
                mean += x;
            }

            mean /= c;
            for (int j = 0; j < c; j++)
            {
                row[j] -= mean;
            }
        }

        return r;
    }

    /// <summary>The dissimilarity-measure name rsatoolbox gives RDMs of <paramref name="method"/> (e.g. "squared euclidean").</summary>
    /// <param name="method">RDM method.</param>
    public static string MeasureName(RdmMethod method) => method switch
    {
        RdmMethod.Euclidean => "squared euclidean",
        RdmMethod.Correlation => "correlation",
        RdmMethod.Mahalanobis => "squared mahalanobis",
        RdmMethod.Crossnobis => "crossnobis",
        RdmMethod.Poisson => "poisson",
        RdmMethod.PoissonCv => "poisson_cv",
        _ => method.ToString(),
    };
}
