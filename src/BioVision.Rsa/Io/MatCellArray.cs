namespace BioVision.Rsa.Io;

/// <summary>A MATLAB cell array: each element is itself a <see cref="MatArray"/>, in column-major order.</summary>
public sealed class MatCellArray : MatArray
{
    private readonly MatArray[] _cells;

    /// <summary>Creates a cell array.</summary>
    /// <param name="name">Variable name.</param>
    /// <param name="dimensions">MATLAB dimensions.</param>
    /// <param name="cells">The elements in column-major order.</param>
    public MatCellArray(string name, IReadOnlyList<int> dimensions, MatArray[] cells)
        : base(name, MatClass.Cell, dimensions)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Count)
        {
            throw new ArgumentException($"{cells.Length} cells do not fill a {DimensionText} cell array.", nameof(cells));
        }

        _cells = cells;
    }

    /// <summary>The elements in column-major order (linear indexing, as MATLAB's <c>c{k+1}</c>).</summary>
    public IReadOnlyList<MatArray> Cells => _cells;

    /// <summary>The element at linear (column-major, zero-based) index <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based linear index.</param>
    public MatArray this[int index] => _cells[index];
}
