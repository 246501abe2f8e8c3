namespace BioVision.Rsa.RdmMethods;

/// <summary>
/// RDMs from unbalanced data — conditions measured different numbers of times — without averaging first
/// (rsatoolbox's <c>calc_rdm_unbalanced</c>). Every pair of observations contributes a similarity; the dissimilarity of
/// conditions i and j is sᵢᵢ + sⱼⱼ − 2sᵢⱼ, with sᵢⱼ the mean similarity over pairs of observations of i and j.
/// </summary>
/// <remarks>
/// For the cross-validated methods (crossnobis, Poisson-CV) pairs from the same run are excluded (runs default to one
/// per observation, which only removes self-pairs); otherwise each observation also contributes its self-similarity with
/// half weight. For balanced data Euclidean and crossnobis equal <see cref="RdmCalculator"/>'s results; correlation does
/// not (it averages correlations of single observations rather than correlating averages).
/// </remarks>
public static class UnbalancedRdmCalculator
{
    /// <summary>Computes one RDM over the dataset's conditions (ascending label order).</summary>
    /// <param name="dataset">Observations with condition (and optionally run) labels.</param>
    /// <param name="options">Method and parameters (<see cref="RdmOptions.RemoveMean"/> and the fold options do not apply).</param>
    public static Rdms Calculate(Dataset dataset, RdmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new RdmOptions();
        int n = dataset.Observations, c = dataset.Channels;
        var x = dataset.Measurements.ToArray();
        bool crossval = options.Method is RdmMethod.Crossnobis or RdmMethod.PoissonCv;
        var cv = crossval ? (dataset.Runs?.ToArray() ?? Enumerable.Range(0, n).ToArray()) : null;

        // Pairwise similarity s(a, b) of observations (already divided by the channel count).
        double[] sim;
        switch (options.Method)
        {
            case RdmMethod.Euclidean:
                sim = Scale(DenseKernels.Gram(x, n, x, n, c, symmetric: true), c);
                break;
            case RdmMethod.Mahalanobis or RdmMethod.Crossnobis:
                if (options.Precision is { } p)
                {
                    MatrixUtil.CheckSquare(p, c, "noise precision");
                    sim = Scale(DenseKernels.Gram(DenseKernels.MultiplySquare(x, n, MatrixUtil.Flatten(p), c), n, x, n, c, symmetric: false), c);
                }
                else
                {
                    sim = Scale(DenseKernels.Gram(x, n, x, n, c, symmetric: true), c);
                }

                break;
            case RdmMethod.Correlation:
                {
                    // r(a, b) / 2, as rsatoolbox's engine (so that sᵢᵢ + sⱼⱼ − 2sᵢⱼ = 1 − r for single observations).
                    var z = new double[x.Length];
                    for (int a = 0; a < n; a++)
                    {
                        var row = x.AsSpan(a * c, c);
                        double mean = 0;
                        foreach (double v in row)
                        {
                            mean += v;
                        }

                        mean /= c;
                        double ss = 0;
                        for (int j = 0; j < c; j++)
                        {
                            z[(a * c) + j] = row[j] - mean;
                            ss += z[(a * c) + j] * z[(a * c) + j];
                        }

                        if (ss == 0)
                        {
                            throw new ArgumentException($"Observation {a} is constant across channels; its correlation is undefined.", nameof(dataset));
                        }

                        double inv = 1 / Math.Sqrt(ss);
                        for (int j = 0; j < c; j++)
                        {
                            z[(a * c) + j] *= inv;
                        }
                    }

                    sim = DenseKernels.Gram(z, n, z, n, c, symmetric: true);
                    for (int k = 0; k < sim.Length; k++)
                    {
                        sim[k] /= 2;
                    }

                    break;
                }

            case RdmMethod.Poisson or RdmMethod.PoissonCv:
                {
                    var rates = new double[x.Length];
                    var logs = new double[x.Length];
                    for (int k = 0; k < x.Length; k++)
                    {
                        rates[k] = (x[k] + (options.PriorLambda * options.PriorWeight)) / (1 + options.PriorWeight);
                        if (!(rates[k] > 0))
                        {
                            throw new ArgumentException($"Poisson rates must be positive after the prior; got {rates[k]}.", nameof(dataset));
                        }

                        logs[k] = Math.Log(rates[k]);
                    }

                    // s(a,b) = ½ Σ (y_b − y_a)(log y_a − log y_b) / C = ½ (K_ab + K_ba − K_aa − K_bb) / C, K_ab = Σ y_a log y_b.
                    var k2 = DenseKernels.Gram(rates, n, logs, n, c, symmetric: false);
                    sim = new double[n * n];
                    for (int a = 0; a < n; a++)
                    {
                        for (int b = 0; b < n; b++)
                        {
                            sim[(a * n) + b] = 0.5 * (k2[(a * n) + b] + k2[(b * n) + a] - k2[(a * n) + a] - k2[(b * n) + b]) / c;
                        }
                    }

                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(options), $"Unknown RDM method {options.Method}.");
        }

        var values = dataset.ConditionValues;
        int kc = values.Count;
        var index = values.Select((v, i) => (v, i)).ToDictionary(t => t.v, t => t.i);
        var cond = dataset.Conditions.Select(v => index[v]).ToArray();
        var selfSum = new double[kc];
        var selfWeight = new double[kc];
        var crossSum = new double[kc * kc];
        var crossWeight = new double[kc * kc];
        for (int a = 0; a < n; a++)
        {
            if (!crossval)
            {
                selfSum[cond[a]] += sim[(a * n) + a] / 2;
                selfWeight[cond[a]] += 0.5;
            }

            for (int b = a + 1; b < n; b++)
            {
                if (crossval && cv![a] == cv[b])
                {
                    continue;
                }

                double s = sim[(a * n) + b];
                if (cond[a] == cond[b])
                {
                    selfSum[cond[a]] += s;
                    selfWeight[cond[a]] += 1;
                }
                else
                {
                    int lo = Math.Min(cond[a], cond[b]), hi = Math.Max(cond[a], cond[b]);
                    crossSum[(lo * kc) + hi] += s;
                    crossWeight[(lo * kc) + hi] += 1;
                }
            }
        }

        var rdm = new double[CondensedIndex.PairCount(kc)];
        int q = 0;
        for (int i = 0; i < kc; i++)
        {
            double si = selfWeight[i] > 0 ? selfSum[i] / selfWeight[i] : double.NaN;
            for (int j = i + 1; j < kc; j++)
            {
                double sj = selfWeight[j] > 0 ? selfSum[j] / selfWeight[j] : double.NaN;
                double w = crossWeight[(i * kc) + j];
                double sij = w > 0 ? crossSum[(i * kc) + j] / w : double.NaN;
                rdm[q++] = si + sj - (2 * sij);
            }
        }

        return new Rdms(rdm, 1, RdmCalculator.MeasureName(options.Method));
    }

    private static double[] Scale(double[] g, int c)
    {
        for (int i = 0; i < g.Length; i++)
        {
            g[i] /= c;
        }

        return g;
    }
}
