namespace BioVision.Notebooks;

/// <summary>One code cell of a notebook.</summary>
/// <param name="Index">Zero-based position among all cells of the notebook.</param>
/// <param name="Language">The cell's kernel language (<c>csharp</c> unless the notebook says otherwise).</param>
/// <param name="Source">The cell's code.</param>
public sealed record NotebookCell(int Index, string Language, string Source);
