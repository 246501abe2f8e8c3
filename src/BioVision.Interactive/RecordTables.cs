using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;

namespace BioVision.Interactive;

/// <summary>
/// A generic HTML rendering for result records: one row per public property (name, value). A property that holds a
/// list of records (e.g. <c>TrainingResult.History</c>) becomes a nested table with one row per element and one
/// column per property of the element type. Numbers use <see cref="HtmlTable.FormatNumber"/>; long lists of
/// numbers are shortened to their first values and count; 2-D arrays show their shape. Spans are skipped.
/// Register a new result type with <see cref="BioVisionFormatters.RegisterTable{T}"/>.
/// </summary>
public static class RecordTables
{
    /// <summary>Renders <paramref name="value"/> as an HTML table of its public properties.</summary>
    /// <param name="value">The record.</param>
    /// <param name="caption">Caption; defaults to the type's name.</param>
    public static string ToHtml(object value, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var table = new StringBuilder();
        table.Append("<table class=\"biovision\"><caption>").Append(WebUtility.HtmlEncode(caption ?? value.GetType().Name))
            .Append("</caption><thead><tr><th>property</th><th>value</th></tr></thead><tbody>");
        foreach (var property in ReadableProperties(value.GetType()))
        {
            object? v = property.GetValue(value);
            table.Append("<tr><td>").Append(WebUtility.HtmlEncode(property.Name)).Append("</td><td>")
                .Append(IsRecordList(v, out var elementType) ? ListToHtml((IEnumerable)v!, elementType!) : WebUtility.HtmlEncode(HtmlTable.FormatValue(v)))
                .Append("</td></tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }

    /// <summary>Renders a sequence of records as one HTML table: one row per element, one column per property.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="rows">The records.</param>
    /// <param name="caption">Optional caption.</param>
    public static string ToHtml<T>(IEnumerable<T> rows, string? caption = null) => Table(rows, caption).ToHtml();

    /// <summary>
    /// A table with one row per element of <paramref name="rows"/> and one column per public property of
    /// <typeparamref name="T"/> (anonymous types work): HTML in a notebook, aligned text from <c>ToString()</c>.
    /// </summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="rows">The rows.</param>
    /// <param name="caption">Optional caption.</param>
    public static HtmlTable Table<T>(IEnumerable<T> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var properties = ReadableProperties(typeof(T)).ToArray();
        var table = new HtmlTable([.. properties.Select(p => p.Name)]) { Caption = caption };
        foreach (var row in rows)
        {
            table.AddRow([.. properties.Select(p => row is null ? null : p.GetValue(row))]);
        }

        return table;
    }

    private static string ListToHtml(IEnumerable rows, Type elementType)
    {
        var properties = ReadableProperties(elementType).ToArray();
        var table = new HtmlTable([.. properties.Select(p => p.Name)]);
        foreach (object? row in rows)
        {
            table.AddRow([.. properties.Select(p => row is null ? null : p.GetValue(row))]);
        }

        return table.ToHtml();
    }

    private static bool IsRecordList(object? value, out Type? elementType)
    {
        elementType = null;
        if (value is null or string || value is not IEnumerable)
        {
            return false;
        }

        elementType = value.GetType().GetInterfaces().Append(value.GetType())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return elementType is not null && !elementType.IsPrimitive && elementType != typeof(string) && !elementType.IsEnum
            && elementType != typeof(decimal) && ReadableProperties(elementType).Any();
    }

    private static IEnumerable<PropertyInfo> ReadableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !p.PropertyType.IsByRefLike && p.Name != "EqualityContract");
}
