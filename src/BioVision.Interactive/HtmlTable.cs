using System.Globalization;
using System.Net;
using System.Text;

namespace BioVision.Interactive;

/// <summary>Builds a small HTML table; every cell is HTML-encoded.</summary>
public sealed class HtmlTable
{
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with the given column headers.</summary>
    /// <param name="headers">Column headers.</param>
    public HtmlTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
    }

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>An optional caption shown above the table.</summary>
    public string? Caption { get; init; }

    /// <summary>Number of body rows added so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a body row; values are formatted with <see cref="FormatValue"/>.</summary>
    /// <param name="cells">One value per column.</param>
    /// <returns>This table.</returns>
    /// <exception cref="ArgumentException">The number of cells differs from the number of headers.</exception>
    public HtmlTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Headers.Count)
        {
            throw new ArgumentException($"A row of {cells.Length} cells does not fit a table of {Headers.Count} columns.", nameof(cells));
        }

        _rows.Add([.. cells.Select(FormatValue)]);
        return this;
    }

    /// <summary>
    /// Formats a cell value: doubles with 4 significant decimals (invariant culture), NaN as "NaN", lists of numbers as
    /// their first values and count, everything else through <see cref="object.ToString"/>.
    /// </summary>
    /// <param name="value">The value.</param>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        string s => s,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable sequence => FormatSequence(sequence),
        _ => value.ToString() ?? "",
    };

    /// <summary>Formats a number with four decimals, or in exponent notation when it is very small or large.</summary>
    /// <param name="value">The number.</param>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "NaN"
        : value != 0 && (Math.Abs(value) < 1e-3 || Math.Abs(value) >= 1e6) ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The table as an HTML fragment.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"biovision\">");
        if (Caption is not null)
        {
            sb.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        }

        sb.Append("<thead><tr>");
        foreach (string header in Headers)
        {
            sb.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (string[] row in _rows)
        {
            sb.Append("<tr>");
            foreach (string cell in row)
            {
                sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    /// <summary>The table as aligned plain text (caption, header, rule, rows), for consoles and scripts.</summary>
    public override string ToString()
    {
        var widths = Headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        if (Caption is not null)
        {
            sb.AppendLine(Caption);
        }

        sb.AppendLine(string.Join(" | ", Headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        sb.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
        {
            sb.AppendLine(string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }

        return sb.ToString();
    }

    private static string FormatSequence(System.Collections.IEnumerable sequence)
    {
        const int Shown = 6;
        var items = sequence.Cast<object?>().Take(Shown + 1).ToList();
        int total = sequence is System.Collections.ICollection collection ? collection.Count : -1;
        if (sequence is Array { Rank: > 1 } array)
        {
            return $"[{string.Join(" × ", Enumerable.Range(0, array.Rank).Select(array.GetLength))}] array";
        }

        string shown = string.Join(", ", items.Take(Shown).Select(FormatValue));
        return items.Count > Shown
            ? $"[{shown}, …] ({(total >= 0 ? total.ToString(CultureInfo.InvariantCulture) : "more")} values)"
            : $"[{shown}]";
    }
}
