using Xunit;
using System.Text.Json;
using BioVision.Rsa;

namespace BioVision.Tests;

/// <summary>Reads reference JSON from the shared folder (fails loudly when missing).</summary>
internal static class ReferenceData
{
    private static readonly Dictionary<string, JsonElement> Cache = new();
    private static readonly Lock Gate = new();

    public static JsonElement Load(string relativePath)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(relativePath, out var element))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(SharedDataPaths.Reference(relativePath)));
                element = doc.RootElement.Clone();
                Cache[relativePath] = element;
            }

            return element;
        }
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static double[,] Matrix(this JsonElement e)
    {
        var rows = e.EnumerateArray().Select(Doubles).ToArray();
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

    /// <summary>Asserts |a - e| &lt;= abs + rel * |e| and returns the worst relative error seen.</summary>
    public static void Close(double expected, double actual, double rel, double abs, string what)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= abs + (rel * Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R} (|diff| {err:E3}, tolerance rel {rel} abs {abs})");
    }
}
