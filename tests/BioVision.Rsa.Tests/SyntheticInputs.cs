using System.Text.Json;

namespace BioVision.Rsa.Tests;

/// <summary>The formula-defined inputs of synthetic.json (40 conditions, 100 channels, 4 runs).</summary>
internal static class SyntheticInputs
{
    public const int Conditions = 40, Channels = 100, Runs = 4;

    public static JsonElement Root => ReferenceData.Load("synthetic.json");

    public static double[] X => Flatten(ReferenceData.Rows(Root.GetProperty("inputs").GetProperty("X")));

    public static double[] Y => Flatten(ReferenceData.Rows(Root.GetProperty("inputs").GetProperty("Y")));

    /// <summary>E[r][i][j], run-major flattened to 160 × 100.</summary>
    public static double[] E => Root.GetProperty("inputs").GetProperty("E").EnumerateArray()
        .SelectMany(r => r.EnumerateArray().SelectMany(ReferenceData.Vec)).ToArray();

    public static Dataset SingleX => new(X, Conditions, Channels);

    public static Dataset SingleY => new(Y, Conditions, Channels);

    /// <summary>Row r*40+i = base[i] + scale·E[r,i].</summary>
    public static Dataset WithRuns(double[] baseline, double scale)
    {
        var e = E;
        var data = new double[Runs * Conditions * Channels];
        for (int r = 0; r < Runs; r++)
        {
            for (int i = 0; i < Conditions; i++)
            {
                for (int j = 0; j < Channels; j++)
                {
                    int row = (r * Conditions) + i;
                    data[(row * Channels) + j] = baseline[(i * Channels) + j] + (scale * e[(row * Channels) + j]);
                }
            }
        }

        var conds = Enumerable.Range(0, Runs * Conditions).Select(k => k % Conditions).ToArray();
        var runs = Enumerable.Range(0, Runs * Conditions).Select(k => k / Conditions).ToArray();
        return new Dataset(data, Runs * Conditions, Channels, conds, runs);
    }

    public static Dataset RunsX => WithRuns(X, 1);

    public static Dataset RunsY => WithRuns(Y, 0.5);

    /// <summary>Precision of the AR(1) covariance 0.5^|j−k| (tridiagonal; formula in synthetic.json).</summary>
    public static double[,] P
    {
        get
        {
            var p = new double[Channels, Channels];
            for (int j = 0; j < Channels; j++)
            {
                p[j, j] = (j == 0 || j == Channels - 1 ? 1 : 1 + 0.25) / (1 - 0.25);
                if (j + 1 < Channels)
                {
                    p[j, j + 1] = p[j + 1, j] = -0.5 / (1 - 0.25);
                }
            }

            return p;
        }
    }

    public static double[] Vector(string name) => ReferenceData.Vec(Root.GetProperty("rdm_vectors").GetProperty(name));

    private static double[] Flatten(double[][] rows) => rows.SelectMany(r => r).ToArray();
}
