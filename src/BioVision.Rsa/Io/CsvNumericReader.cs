using System.Globalization;
using CsvHelper;

namespace BioVision.Rsa.Io;

/// <summary>
/// Reads a CSV file of numbers (invariant culture; "nan", "inf" and empty fields read as NaN/±∞/NaN) with an optional
/// header. Columns holding any non-numeric value become text columns; the rest form a row-major matrix.
/// </summary>
public static class CsvNumericReader
{
    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="header">Header handling (default: detect).</param>
    /// <param name="maxCells">Largest number of fields accepted (default 100 million).</param>
    /// <exception cref="NeuralDataFormatException">Rows of different lengths, no data, or too many cells.</exception>
    public static CsvTable Read(string path, CsvHeaderMode header = CsvHeaderMode.Detect, long maxCells = 100_000_000)
    {
        ArgumentNullException.ThrowIfNull(path);
        var records = new List<string[]>();
        long cells = 0;
        var options = new CsvReaderOptions { HasHeader = false };
        try
        {
            using CsvReader reader = CsvReader.FromFile(path, options);
            while (reader.Read())
            {
                int n = reader.FieldCount;
                var record = new string[n];
                for (int i = 0; i < n; i++)
                {
                    record[i] = reader.GetString(i);
                }

                if (n == 0 || (n == 1 && record[0].Length == 0))
                {
                    continue;
                }

                cells += n;
                if (cells > maxCells)
                {
                    throw new NeuralDataFormatException(path, $"more than {maxCells} fields");
                }

                records.Add(record);
            }
        }
        catch (CsvFormatException e)
        {
            throw new NeuralDataFormatException(path, $"malformed CSV: {e.Message}", e);
        }

        if (records.Count == 0)
        {
            throw new NeuralDataFormatException(path, "the CSV file holds no records");
        }

        int width = records[0].Length;
        for (int r = 1; r < records.Count; r++)
        {
            if (records[r].Length != width)
            {
                throw new NeuralDataFormatException(path, $"record {r + 1} has {records[r].Length} fields but record 1 has {width}");
            }
        }

        bool hasHeader = header switch
        {
            CsvHeaderMode.Present => true,
            CsvHeaderMode.Absent => false,
            _ => records[0].All(f => !TryNumber(f, out _))
                 || (records.Count > 1 && Enumerable.Range(0, width).Any(c => !TryNumber(records[0][c], out _) && TryNumber(records[1][c], out _))),
        };

        string[] names = hasHeader ? records[0] : Enumerable.Range(0, width).Select(c => $"c{c}").ToArray();
        int first = hasHeader ? 1 : 0;
        int rows = records.Count - first;
        var numeric = new List<int>();
        var text = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int c = 0; c < width; c++)
        {
            bool isNumeric = true;
            for (int r = first; r < records.Count && isNumeric; r++)
            {
                isNumeric = TryNumber(records[r][c], out _);
            }

            if (isNumeric)
            {
                numeric.Add(c);
            }
            else
            {
                text[names[c]] = Enumerable.Range(first, rows).Select(r => records[r][c]).ToArray();
            }
        }

        var values = new double[rows * numeric.Count];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < numeric.Count; k++)
            {
                TryNumber(records[first + r][numeric[k]], out values[(r * numeric.Count) + k]);
            }
        }

        return new CsvTable(path, numeric.Select(c => names[c]).ToArray(), values, text);
    }

    private static bool TryNumber(string field, out double value)
    {
        string f = field.Trim();
        if (f.Length == 0 || f.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (f.Equals("inf", StringComparison.OrdinalIgnoreCase) || f.Equals("+inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (f.Equals("-inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
