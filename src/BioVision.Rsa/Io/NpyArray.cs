using System.Text;

namespace BioVision.Rsa.Io;

/// <summary>
/// An array read from a NumPy .npy file (or one member of an .npz): its shape, original dtype and values as
/// <see cref="double"/> in row-major (C) order, whatever the file's order was.
/// </summary>
public sealed class NpyArray
{
    private readonly double[] _values;
    private readonly string[]? _strings;

    /// <summary>Creates an array.</summary>
    /// <param name="name">Name (file or .npz member, without ".npy").</param>
    /// <param name="dtype">The file's dtype descriptor, e.g. "&lt;f8".</param>
    /// <param name="shape">Shape (empty for a 0-d scalar).</param>
    /// <param name="rowMajor">Values in row-major order.</param>
    public NpyArray(string name, string dtype, IReadOnlyList<int> shape, double[] rowMajor)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(rowMajor);
        Name = name;
        DType = dtype;
        Shape = shape.ToArray();
        if (rowMajor.Length != ArrayOrder.ElementCount(Shape))
        {
            throw new ArgumentException($"{rowMajor.Length} values do not fill shape ({string.Join(", ", Shape)}).", nameof(rowMajor));
        }

        _values = rowMajor;
        _strings = null;
    }

    /// <summary>Creates a text array (dtype U or S).</summary>
    /// <param name="name">Name (file or .npz member, without ".npy").</param>
    /// <param name="dtype">The file's dtype descriptor, e.g. "&lt;U13".</param>
    /// <param name="shape">Shape (empty for a 0-d scalar).</param>
    /// <param name="rowMajor">Strings in row-major order.</param>
    public NpyArray(string name, string dtype, IReadOnlyList<int> shape, string[] rowMajor)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(rowMajor);
        Name = name;
        DType = dtype;
        Shape = shape.ToArray();
        if (rowMajor.Length != ArrayOrder.ElementCount(Shape))
        {
            throw new ArgumentException($"{rowMajor.Length} strings do not fill shape ({string.Join(", ", Shape)}).", nameof(rowMajor));
        }

        _values = [];
        _strings = rowMajor;
    }

    /// <summary>True for text arrays (dtype U or S), whose elements are in <see cref="Strings"/>.</summary>
    public bool IsText => _strings is not null;

    /// <summary>The strings of a text array in row-major order (empty for numeric arrays).</summary>
    public IReadOnlyList<string> Strings => _strings ?? [];

    /// <summary>Name of the array.</summary>
    public string Name { get; }

    /// <summary>NumPy dtype descriptor as stored, e.g. "&lt;f8", "|u1", "|b1".</summary>
    public string DType { get; }

    /// <summary>Shape, NumPy order.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Values in row-major (C) order (empty for text arrays).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>A copy of the values in row-major order.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    /// <summary>A copy narrowed to <see cref="float"/>.</summary>
    public float[] ToSingleArray() => Array.ConvertAll(_values, v => (float)v);

    /// <summary>The array as a matrix (two dimensions required).</summary>
    /// <exception cref="InvalidOperationException">The array is not two-dimensional.</exception>
    public double[,] ToMatrix()
    {
        if (Shape.Count != 2)
        {
            throw new InvalidOperationException($"'{Name}' has shape ({string.Join(", ", Shape)}), not a matrix.");
        }

        var m = new double[Shape[0], Shape[1]];
        Buffer.BlockCopy(_values, 0, m, 0, _values.Length * sizeof(double));
        return m;
    }

    /// <summary>The value at the given indices.</summary>
    /// <param name="indices">One zero-based index per dimension.</param>
    public double At(params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length != Shape.Count)
        {
            throw new ArgumentException($"{indices.Length} indices given for shape ({string.Join(", ", Shape)}).", nameof(indices));
        }

        int offset = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)Shape[k])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[k]} is outside axis {k} of size {Shape[k]}.");
            }

            offset = (offset * Shape[k]) + indices[k];
        }

        return _values[offset];
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Name).Append(": ").Append(DType).Append(" (").Append(string.Join(", ", Shape)).Append(')');
        return sb.ToString();
    }
}
