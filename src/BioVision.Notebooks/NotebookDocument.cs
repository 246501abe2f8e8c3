using System.Text.Json;

namespace BioVision.Notebooks;

/// <summary>The code cells of a Jupyter notebook (<c>.ipynb</c>, nbformat 4) or of a C# script (<c>.csx</c>, one cell).</summary>
public sealed class NotebookDocument
{
    private NotebookDocument(string path, IReadOnlyList<NotebookCell> cells)
    {
        FilePath = path;
        Cells = cells;
    }

    /// <summary>The file the notebook was read from.</summary>
    public string FilePath { get; }

    /// <summary>The code cells, in order. Markdown and raw cells are omitted.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Reads a notebook or script.</summary>
    /// <param name="path">An <c>.ipynb</c> or <c>.csx</c> file.</param>
    /// <exception cref="FormatException">The notebook is not valid nbformat-4 JSON; the message names the file.</exception>
    public static NotebookDocument Load(string path)
    {
        string text = File.ReadAllText(path);
        if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return new NotebookDocument(path, [new NotebookCell(0, "csharp", text)]);
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            string defaultLanguage = "csharp";
            if (root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("kernelspec", out var kernel)
                && kernel.TryGetProperty("language", out var lang) && lang.GetString() is { } l)
            {
                defaultLanguage = Normalize(l);
            }

            if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Notebook '{path}' has no 'cells' array.");
            }

            var result = new List<NotebookCell>();
            int index = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                if (cell.TryGetProperty("cell_type", out var type) && type.GetString() == "code")
                {
                    string language = defaultLanguage;
                    if (cell.TryGetProperty("metadata", out var cellMeta)
                        && cellMeta.TryGetProperty("dotnet_interactive", out var di)
                        && di.TryGetProperty("language", out var cl) && cl.GetString() is { } cellLanguage)
                    {
                        language = Normalize(cellLanguage);
                    }

                    result.Add(new NotebookCell(index, language, SourceOf(cell, path, index)));
                }

                index++;
            }

            return new NotebookDocument(path, result);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Notebook '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string Normalize(string language) =>
        language.ToLowerInvariant() switch
        {
            "c#" or "csharp" or "cs" => "csharp",
            var other => other,
        };

    private static string SourceOf(JsonElement cell, string path, int index)
    {
        if (!cell.TryGetProperty("source", out var source))
        {
            throw new FormatException($"Notebook '{path}': cell {index} has no 'source'.");
        }

        return source.ValueKind switch
        {
            JsonValueKind.String => source.GetString() ?? string.Empty,
            JsonValueKind.Array => string.Concat(source.EnumerateArray().Select(s => s.GetString())),
            _ => throw new FormatException($"Notebook '{path}': cell {index} has a 'source' that is neither a string nor a list of strings."),
        };
    }
}
