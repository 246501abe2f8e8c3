using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BioVision.Benchmarks.Neural;
using BioVision.Devices;
using BioVision.Rsa.Predictivity;
using TorchSharp;

namespace BioVision.Cli.Commands;

/// <summary>
/// <c>biovision bench neural</c>: the cost of the neural benchmark's regression step on the case an outside user timed
/// (V4 predictivity of 640 stimuli x 8,192 features: 139 s before the batched, device-side regression; the target is
/// under 10 s). Seeded synthetic features and responses of the same shapes; the timed work is what
/// <c>benchmark neural</c> runs per layer: the seeded count-sketch projection to the feature budget, then PLS-25 and
/// ridge (leave-one-out alpha choice), each over 10 x 90/10 splits.
/// </summary>
internal static class BenchNeuralCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Stimuli.", DefaultValueFactory = _ => 640 };
        var features = new Option<int>("--features") { Description = "Layer features before the projection.", DefaultValueFactory = _ => 8192 };
        var budget = new Option<int>("--budget") { Description = "Features after the count-sketch projection (benchmark neural's --features; 0: none).", DefaultValueFactory = _ => 4096 };
        var neurons = new Option<int>("--neurons") { Description = "Recorded neurons.", DefaultValueFactory = _ => 100 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (the best is reported).", DefaultValueFactory = _ => 3 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("neural", "Time the neural benchmark's regression (projection, PLS-25 and ridge over 10 splits) on 640 x 8,192 features.")
        {
            images, features, budget, neurons, repeats, device,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(images), p = parse.GetValue(features), k = parse.GetValue(budget), q = parse.GetValue(neurons), r = parse.GetValue(repeats);
            if (n < 20 || p < 1 || k < 0 || q < 1 || r < 1)
            {
                throw new ArgumentException("--images must be at least 20 and --features, --neurons and --repeats at least 1 (--budget 0 or more).");
            }

            var selected = DeviceSelector.Select(parse.GetValue(device));
            using var scope = torch.NewDisposeScope();
            var generator = new torch.Generator(7);
            // Features and responses share an 8-dimensional latent (as model features and neurons share the stimulus'
            // dominant structure), plus independent noise, so both regressions have signal to find.
            var latent = torch.randn(new long[] { n, 8 }, generator: generator);
            var x = (latent.matmul(torch.randn(new long[] { 8, p }, generator: generator)) + torch.randn(new long[] { n, p }, generator: generator)).to(selected);
            var y = latent.matmul(torch.randn(new long[] { 8, q }, generator: generator)) + (2.0 * torch.randn(new long[] { n, q }, generator: generator));
            double[,] responses = ToArray(y);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench neural: {n} stimuli x {p} features -> {(k > 0 && k < p ? k.ToString(CultureInfo.InvariantCulture) : "no projection")}, {q} neurons, 10 x 90/10 splits, best of {r}, {DeviceSelector.Describe(selected)}"));
            Console.WriteLine("step                     seconds   median r   reference s");
            double sketch = Time(r, () =>
            {
                using var inner = torch.NewDisposeScope();
                if (k > 0 && k < p)
                {
                    using var projection = new FeatureSketch(p, k, FeatureSketch.LayerSeed(0, "bench"), selected);
                    _ = projection.Apply(x).sum().item<float>();
                }

                return double.NaN;
            }, out _);
            using var sketchOnce = k > 0 && k < p ? new FeatureSketch(p, k, FeatureSketch.LayerSeed(0, "bench"), selected) : null;
            var reduced = sketchOnce?.Apply(x) ?? x;
            double pls = Time(r, () => DeviceRegression.Evaluate(reduced, responses, new PredictivityOptions { Regression = RegressionKind.Pls }).Score, out double plsScore);
            double ridge = Time(r, () => DeviceRegression.Evaluate(reduced, responses, new PredictivityOptions { Regression = RegressionKind.Ridge }).Score, out double ridgeScore);
            Row("count-sketch projection", sketch, double.NaN, null);
            Row("PLS-25, 10 splits", pls, plsScore, null);
            Row("ridge (LOO alpha), 10 splits", ridge, ridgeScore, null);
            Row("total per layer", sketch + pls + ridge, double.NaN, 139);
            Console.WriteLine("(reference: 139 s for PLS on 640 x 8,192 features, timed by an outside user before the batched regression; target under 10 s)");
            return 0;
        });
        return command;
    }

    private static double Time(int repeats, Func<double> work, out double result)
    {
        double best = double.PositiveInfinity;
        result = double.NaN;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            result = work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static void Row(string step, double seconds, double score, double? reference) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{step,-28} {seconds,8:F2}   {(double.IsNaN(score) ? "" : score.ToString("F3", CultureInfo.InvariantCulture)),8}   {(reference is { } s ? s.ToString("F0", CultureInfo.InvariantCulture) : ""),11}"));

    private static double[,] ToArray(torch.Tensor t)
    {
        var data = t.to(torch.ScalarType.Float64).data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var result = new double[rows, cols];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(double));
        return result;
    }
}
