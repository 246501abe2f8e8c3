using Microsoft.DotNet.Interactive.Formatting;

namespace BioVision.Notebooks.Tests;

/// <summary>What one code cell produced.</summary>
/// <param name="Index">0-based position of the cell in the notebook (markdown cells count).</param>
/// <param name="Id">The cell's id.</param>
/// <param name="Outputs">Every formatted value the cell displayed, returned or wrote to standard output.</param>
/// <param name="Elapsed">Wall time of the cell.</param>
public sealed record CellRun(int Index, string? Id, IReadOnlyList<FormattedValue> Outputs, TimeSpan Elapsed);

/// <summary>A notebook run to the end.</summary>
/// <param name="Notebook">File name.</param>
/// <param name="Cells">Code cells in order.</param>
/// <param name="Elapsed">Wall time of all cells.</param>
public sealed record NotebookRun(string Notebook, IReadOnlyList<CellRun> Cells, TimeSpan Elapsed)
{
    /// <summary>All outputs of the given MIME type, in cell order.</summary>
    public IEnumerable<(CellRun Cell, string Value)> Outputs(string mimeType) =>
        Cells.SelectMany(c => c.Outputs.Where(o => o.MimeType == mimeType).Select(o => (c, o.Value)));
}

/// <summary>A cell failed: names the notebook, the cell and the kernel's message.</summary>
public sealed class NotebookCellFailedException(string notebook, int cellIndex, string? cellId, string message)
    : Exception($"{notebook}, cell {cellIndex + 1}{(cellId is null ? "" : $" (id {cellId})")} failed: {message}")
{
    public string Notebook { get; } = notebook;

    public int CellIndex { get; } = cellIndex;

    public string? CellId { get; } = cellId;
}
