using System.Text.Json;

namespace BioVision.Rsa.Serialization;

/// <summary>Rectangular ⇄ jagged arrays for the JSON documents (System.Text.Json has no multidimensional arrays).</summary>
internal static class JsonArrays
{
    public static double[][] ToJagged(double[,] m)
    {
        var rows = new double[m.GetLength(0)][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[m.GetLength(1)];
            for (int j = 0; j < rows[i].Length; j++)
            {
                rows[i][j] = m[i, j];
            }
        }

        return rows;
    }

    public static double[,] ToRectangular(double[][]? rows, string what)
    {
        if (rows is null)
        {
            throw new JsonException($"'{what}' is missing.");
        }

        int columns = rows.Length == 0 ? 0 : rows[0]?.Length ?? 0;
        var m = new double[rows.Length, columns];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != columns)
            {
                throw new JsonException($"'{what}' row {i} has {rows[i]?.Length ?? 0} values, expected {columns}.");
            }

            for (int j = 0; j < columns; j++)
            {
                m[i, j] = rows[i][j];
            }
        }

        return m;
    }
}
