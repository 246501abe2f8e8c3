namespace BioVision.Rsa.Io;

/// <summary>
/// One MATLAB variable or element of a cell/struct: its class, name and MATLAB dimensions (at least two).
/// MATLAB stores elements in column-major (Fortran) order; each subclass keeps that order and offers row-major views.
/// </summary>
public abstract class MatArray
{
    /// <summary>Creates an array with a name, class and dimensions.</summary>
    /// <param name="name">Variable name ("" inside cells and structs).</param>
    /// <param name="matClass">MATLAB class.</param>
    /// <param name="dimensions">MATLAB dimensions.</param>
    protected MatArray(string name, MatClass matClass, IReadOnlyList<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        Name = name;
        Class = matClass;
        Dimensions = dimensions.ToArray();
        Count = ArrayOrder.ElementCount(Dimensions);
    }

    /// <summary>Variable name as stored in the file ("" for elements of cells and structs).</summary>
    public string Name { get; }

    /// <summary>MATLAB class of the array.</summary>
    public MatClass Class { get; }

    /// <summary>MATLAB dimensions (size(x)), at least two entries.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Number of elements (product of <see cref="Dimensions"/>).</summary>
    public int Count { get; }

    /// <summary>Dimensions written as MATLAB does, e.g. "92x92".</summary>
    public string DimensionText => string.Join('x', Dimensions);

    /// <inheritdoc />
    public override string ToString() => $"{(Name.Length > 0 ? Name + ": " : string.Empty)}{DimensionText} {Class}";
}
