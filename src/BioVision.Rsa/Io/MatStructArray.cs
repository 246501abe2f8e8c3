namespace BioVision.Rsa.Io;

/// <summary>
/// A MATLAB struct array (any dimensions, e.g. 1x4x2): field names plus, for each element in column-major order,
/// one <see cref="MatArray"/> per field.
/// </summary>
public sealed class MatStructArray : MatArray
{
    private readonly string[] _fieldNames;
    private readonly MatArray[][] _elements;

    /// <summary>Creates a struct array.</summary>
    /// <param name="name">Variable name.</param>
    /// <param name="dimensions">MATLAB dimensions.</param>
    /// <param name="fieldNames">Field names, in file order.</param>
    /// <param name="elements">For each element (column-major), the field values in <paramref name="fieldNames"/> order.</param>
    public MatStructArray(string name, IReadOnlyList<int> dimensions, string[] fieldNames, MatArray[][] elements)
        : base(name, MatClass.Struct, dimensions)
    {
        ArgumentNullException.ThrowIfNull(fieldNames);
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Length != Count || elements.Any(e => e.Length != fieldNames.Length))
        {
            throw new ArgumentException($"The field values do not fill a {DimensionText} struct with {fieldNames.Length} fields.", nameof(elements));
        }

        _fieldNames = fieldNames;
        _elements = elements;
    }

    /// <summary>Field names in file order.</summary>
    public IReadOnlyList<string> FieldNames => _fieldNames;

    /// <summary>The value of <paramref name="field"/> in element <paramref name="index"/> (zero-based, column-major).</summary>
    /// <param name="index">Linear element index.</param>
    /// <param name="field">Field name.</param>
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    public MatArray this[int index, string field]
    {
        get
        {
            int f = Array.IndexOf(_fieldNames, field);
            if (f < 0)
            {
                throw new KeyNotFoundException($"Struct '{Name}' has no field '{field}' (fields: {string.Join(", ", _fieldNames)}).");
            }

            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Element {index} is outside the {DimensionText} struct array '{Name}'.");
            }

            return _elements[index][f];
        }
    }

    /// <summary>The value of <paramref name="field"/> in the element at MATLAB subscripts (zero-based).</summary>
    /// <param name="field">Field name.</param>
    /// <param name="subscripts">One zero-based subscript per dimension.</param>
    public MatArray Get(string field, params int[] subscripts)
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        if (subscripts.Length != Dimensions.Count)
        {
            throw new ArgumentException($"{subscripts.Length} subscripts given for a {DimensionText} struct array.", nameof(subscripts));
        }

        int offset = 0, stride = 1;
        for (int k = 0; k < subscripts.Length; k++)
        {
            if ((uint)subscripts[k] >= (uint)Dimensions[k])
            {
                throw new ArgumentOutOfRangeException(nameof(subscripts), $"Subscript {subscripts[k]} is outside dimension {k} of size {Dimensions[k]}.");
            }

            offset += subscripts[k] * stride;
            stride *= Dimensions[k];
        }

        return this[offset, field];
    }

    /// <inheritdoc />
    public override string ToString() => $"{base.ToString()} fields: {string.Join(", ", _fieldNames)}";
}
