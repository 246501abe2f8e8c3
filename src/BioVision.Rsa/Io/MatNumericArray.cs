namespace BioVision.Rsa.Io;

/// <summary>
/// A numeric or logical MATLAB array. Values are held as <see cref="double"/> in MATLAB's column-major order
/// (exact for every class except 64-bit integers beyond 2^53); <see cref="ToRowMajor"/> and friends give C-order copies.
/// </summary>
public sealed class MatNumericArray : MatArray
{
    private readonly double[] _real;
    private readonly double[]? _imaginary;

    /// <summary>Creates a numeric array from column-major values.</summary>
    /// <param name="name">Variable name.</param>
    /// <param name="matClass">A numeric class or <see cref="MatClass.Logical"/>.</param>
    /// <param name="dimensions">MATLAB dimensions.</param>
    /// <param name="real">Real parts, column-major, one per element.</param>
    /// <param name="imaginary">Imaginary parts for complex arrays, else null.</param>
    public MatNumericArray(string name, MatClass matClass, IReadOnlyList<int> dimensions, double[] real, double[]? imaginary = null)
        : base(name, matClass, dimensions)
    {
        ArgumentNullException.ThrowIfNull(real);
        if (matClass is MatClass.Cell or MatClass.Struct or MatClass.Char)
        {
            throw new ArgumentException($"{matClass} is not a numeric class.", nameof(matClass));
        }

        if (real.Length != Count || (imaginary is not null && imaginary.Length != Count))
        {
            throw new ArgumentException($"{real.Length} values do not fill a {DimensionText} array.", nameof(real));
        }

        _real = real;
        _imaginary = imaginary;
    }

    /// <summary>Real parts in MATLAB's column-major order.</summary>
    public ReadOnlySpan<double> ColumnMajor => _real;

    /// <summary>True when the array is complex.</summary>
    public bool IsComplex => _imaginary is not null;

    /// <summary>Imaginary parts (column-major), empty for real arrays.</summary>
    public ReadOnlySpan<double> ImaginaryColumnMajor => _imaginary;

    /// <summary>The value at MATLAB subscripts (zero-based), e.g. <c>At(i, j)</c> for a matrix.</summary>
    /// <param name="subscripts">One zero-based subscript per dimension.</param>
    public double At(params int[] subscripts)
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        if (subscripts.Length != Dimensions.Count)
        {
            throw new ArgumentException($"{subscripts.Length} subscripts given for a {DimensionText} array.", nameof(subscripts));
        }

        int offset = 0;
        int stride = 1;
        for (int k = 0; k < subscripts.Length; k++)
        {
            if ((uint)subscripts[k] >= (uint)Dimensions[k])
            {
                throw new ArgumentOutOfRangeException(nameof(subscripts), $"Subscript {subscripts[k]} is outside dimension {k} of size {Dimensions[k]}.");
            }

            offset += subscripts[k] * stride;
            stride *= Dimensions[k];
        }

        return _real[offset];
    }

    /// <summary>A copy of the real parts in row-major (C) order over <see cref="MatArray.Dimensions"/>.</summary>
    public double[] ToRowMajor() => ArrayOrder.ColumnToRowMajor<double>(_real, Dimensions);

    /// <summary>A row-major copy narrowed to <see cref="float"/> (exact for single, integer and logical classes up to 2^24).</summary>
    public float[] ToRowMajorSingle()
    {
        double[] rowMajor = ToRowMajor();
        var result = new float[rowMajor.Length];
        for (int i = 0; i < rowMajor.Length; i++)
        {
            result[i] = (float)rowMajor[i];
        }

        return result;
    }

    /// <summary>The array as a matrix (two dimensions required).</summary>
    /// <exception cref="InvalidOperationException">The array has more than two dimensions.</exception>
    public double[,] ToMatrix()
    {
        if (Dimensions.Count != 2)
        {
            throw new InvalidOperationException($"'{Name}' is {DimensionText}, not a matrix.");
        }

        int rows = Dimensions[0], cols = Dimensions[1];
        var m = new double[rows, cols];
        for (int j = 0; j < cols; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                m[i, j] = _real[i + (j * rows)];
            }
        }

        return m;
    }

    /// <summary>The single value of a 1x1 array.</summary>
    /// <exception cref="InvalidOperationException">The array does not hold exactly one element.</exception>
    public double Scalar()
        => Count == 1 ? _real[0] : throw new InvalidOperationException($"'{Name}' is {DimensionText}, not a scalar.");
}
