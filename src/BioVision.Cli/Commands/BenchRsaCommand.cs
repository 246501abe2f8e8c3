using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Rsa;
using BioVision.Rsa.Comparisons;
using BioVision.Rsa.Inference;
using BioVision.Rsa.RdmMethods;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench rsa</c>: times RDM estimation, comparison and bootstrap inference and prints each figure beside
/// rsatoolbox's (f1f83cad, numpy with OpenBLAS) and the speed-up.
/// </summary>
internal static class BenchRsaCommand
{
    public static Command Create(string name = "rsa")
    {
        var quick = new Option<bool>("--quick") { Description = "Run reduced sizes (a smoke test; ratios are then not comparable).", DefaultValueFactory = _ => false };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions per row (the best is reported).", DefaultValueFactory = _ => 3 };
        var command = new Command(name, "Benchmark RSA (RDMs, comparisons, bootstrap) against rsatoolbox reference timings.") { quick, repeats };
        command.SetAction(parse =>
        {
            bool q = parse.GetValue(quick);
            int reps = Math.Max(1, parse.GetValue(repeats));
            Run(q, reps, Console.Out);
            return 0;
        });
        return command;
    }

    internal static void Run(bool quick, int repeats, TextWriter output)
    {
        int conds = quick ? 100 : 1000, channels = quick ? 256 : 4096, cnChannels = quick ? 100 : 1000, nRdms = quick ? 10 : 100, boots = quick ? 20 : 1000;
        var rows = new List<(string Task, double Seconds, double Reference)>();
        var patterns = Synthetic(conds * channels, 1);
        var single = new Dataset(patterns, conds, channels);
        rows.Add(($"euclidean RDM {conds} × {channels}", Time(() => RdmCalculator.Calculate(single), repeats), 0.11));
        rows.Add(($"correlation RDM {conds} × {channels}", Time(() => RdmCalculator.Calculate(single, new RdmOptions { Method = RdmMethod.Correlation }), repeats), 1.77));

        var runs = new Dataset(Synthetic(4 * conds * cnChannels, 2), 4 * conds, cnChannels,
            Enumerable.Range(0, 4 * conds).Select(i => i % conds).ToArray(), Enumerable.Range(0, 4 * conds).Select(i => i / conds).ToArray());
        rows.Add(($"crossnobis {conds} × {cnChannels} × 4 runs", Time(() => RdmCalculator.Calculate(runs, new RdmOptions { Method = RdmMethod.Crossnobis }), repeats), 0.76));

        int pairs = CondensedIndex.PairCount(92);
        var many = new Rdms(Synthetic(nRdms * pairs, 3), nRdms);
        var one = new Rdms(Synthetic(pairs, 4), 1);
        rows.Add(($"compare {nRdms} RDMs (92 cond.) to one, tau-a", Time(() => RdmComparer.Compare(many, one, ComparisonMethod.KendallTauA), repeats), 0.086));
        rows.Add(($"compare {nRdms} RDMs (92 cond.) to one, Spearman", Time(() => RdmComparer.Compare(many, one, ComparisonMethod.Spearman), repeats), 0.034));

        var subjects = new Rdms(Synthetic(4 * pairs, 5), 4);
        var model = new Rdms(Synthetic(pairs, 6), 1);
        rows.Add(($"bootstrap {boots} × (1 model vs 4 subjects), Pearson", Time(() => ModelEvaluation.Bootstrap(model, subjects, ComparisonMethod.Pearson, EvaluationKind.BootstrapBoth, boots, 1), repeats), 2.7));
        rows.Add(($"bootstrap {boots} × (1 model vs 4 subjects), Spearman", Time(() => ModelEvaluation.Bootstrap(model, subjects, ComparisonMethod.Spearman, EvaluationKind.BootstrapBoth, boots, 1), repeats), 12.2));

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"RSA benchmark ({Environment.ProcessorCount} logical cores{(quick ? "; QUICK sizes: ratios not comparable" : string.Empty)})"));
        output.WriteLine(string.Create(inv, $"{"Task",-52} {"BioVision s",12} {"rsatoolbox s",13} {"speed-up",9}"));
        foreach (var (task, seconds, reference) in rows)
        {
            output.WriteLine(string.Create(inv, $"{task,-52} {seconds,12:F4} {reference,13:F3} {reference / seconds,8:F1}x"));
        }
    }

    private static double Time(Action action, int repeats)
    {
        // Warm-up: at least two calls and half a second, so that tiered JIT, thread-pool growth and the GC heap settle
        // before timing (a single call left the first row timing start-up effects).
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < 2 || warm.Elapsed.TotalSeconds < 0.5; w++)
        {
            action();
        }

        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Deterministic positive pseudo-random values from a seeded generator.</summary>
    private static double[] Synthetic(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new double[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = rng.NextDouble() + 0.1;
        }

        return v;
    }
}
