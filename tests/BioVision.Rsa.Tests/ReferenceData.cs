using System.Text.Json;
using BioVision.Rsa;

namespace BioVision.Rsa.Tests;

/// <summary>Reads the rsatoolbox reference values (shared/reference/rsa, rsatoolbox f1f83cad) and compares arrays.</summary>
internal static class ReferenceData
{
    private static readonly Dictionary<string, JsonElement> Cache = [];
    private static readonly Lock Gate = new();

    public static JsonElement Load(string file)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(file, out var root))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(SharedDataPaths.Reference("rsa/" + file)));
                root = doc.RootElement.Clone();
                Cache[file] = root;
            }

            return root;
        }
    }

    public static double[] Vec(JsonElement e) => e.EnumerateArray().Select(Num).ToArray();

    public static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    public static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(Vec).ToArray();

    public static double[,] Matrix(JsonElement e)
    {
        var rows = Rows(e);
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows[i].Length; j++)
            {
                m[i, j] = rows[i][j];
            }
        }

        return m;
    }

    /// <summary>Asserts |actual − expected| ≤ tol · max(1, |expected|) element-wise; returns the largest error seen.</summary>
    public static double AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                Assert.True(double.IsNaN(actual[i]), $"{what}[{i}]: expected NaN, got {actual[i]}");
                continue;
            }

            double err = Math.Abs(actual[i] - expected[i]);
            worst = Math.Max(worst, err);
            Assert.True(err <= tol * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R} (error {err:E2} > {tol:E0})");
        }

        return worst;
    }

    public static double[] Flat(double[,] m)
    {
        var f = new double[m.Length];
        Buffer.BlockCopy(m, 0, f, 0, f.Length * sizeof(double));
        return f;
    }
}
