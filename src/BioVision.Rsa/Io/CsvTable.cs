using System.Text;

namespace BioVision.Rsa.Io;

/// <summary>
/// A table read from a CSV file: its numeric columns as a row-major matrix, plus any text columns
/// (e.g. condition labels) kept as strings.
/// </summary>
public sealed class CsvTable
{
    private readonly double[] _values;
    private readonly string[] _columnNames;
    private readonly Dictionary<string, string[]> _textColumns;

    /// <summary>Creates a table.</summary>
    /// <param name="path">Source file.</param>
    /// <param name="columnNames">Names of the numeric columns.</param>
    /// <param name="rowMajor">Numeric values, row-major, rows x columnNames.Length.</param>
    /// <param name="textColumns">Text columns by name, each one string per row.</param>
    public CsvTable(string path, string[] columnNames, double[] rowMajor, IReadOnlyDictionary<string, string[]> textColumns)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(rowMajor);
        ArgumentNullException.ThrowIfNull(textColumns);
        Path = path;
        _columnNames = columnNames;
        _values = rowMajor;
        _textColumns = textColumns.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Columns = columnNames.Length;
        Rows = Columns == 0 ? (_textColumns.Count == 0 ? 0 : _textColumns.Values.First().Length) : rowMajor.Length / Columns;
        if (Rows * Columns != rowMajor.Length)
        {
            throw new ArgumentException($"{rowMajor.Length} values do not fill {Columns} columns.", nameof(rowMajor));
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Number of data rows.</summary>
    public int Rows { get; }

    /// <summary>Number of numeric columns.</summary>
    public int Columns { get; }

    /// <summary>Names of the numeric columns (from the header, or "c0", "c1", … without one).</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Text columns (any column holding a non-numeric value), by name.</summary>
    public IReadOnlyDictionary<string, string[]> TextColumns => _textColumns;

    /// <summary>Numeric values in row-major order (Rows x Columns).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>) among the numeric columns.</summary>
    /// <param name="row">Zero-based row.</param>
    /// <param name="column">Zero-based numeric column.</param>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside the {Rows}x{Columns} table.");
            }

            return _values[(row * Columns) + column];
        }
    }

    /// <summary>The numeric columns as a matrix.</summary>
    public double[,] ToMatrix()
    {
        var m = new double[Rows, Columns];
        Buffer.BlockCopy(_values, 0, m, 0, _values.Length * sizeof(double));
        return m;
    }

    /// <summary>One numeric column by name.</summary>
    /// <param name="name">Column name.</param>
    /// <exception cref="KeyNotFoundException">No numeric column has that name.</exception>
    public double[] Column(string name)
    {
        int c = Array.IndexOf(_columnNames, name);
        if (c < 0)
        {
            throw new KeyNotFoundException($"'{Path}' has no numeric column '{name}'.");
        }

        var result = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            result[r] = _values[(r * Columns) + c];
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(System.IO.Path.GetFileName(Path)).Append(": ").Append(Rows).Append(" rows x ").Append(Columns).Append(" numeric columns");
        if (_textColumns.Count > 0)
        {
            sb.Append(", text columns: ").Append(string.Join(", ", _textColumns.Keys));
        }

        return sb.ToString();
    }
}
