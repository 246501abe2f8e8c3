namespace BioVision.Rsa.Io;

/// <summary>A MATLAB character array; a row vector reads as one string, an m-by-n array as m strings.</summary>
public sealed class MatCharArray : MatArray
{
    private readonly char[] _chars;

    /// <summary>Creates a character array from column-major characters.</summary>
    /// <param name="name">Variable name.</param>
    /// <param name="dimensions">MATLAB dimensions.</param>
    /// <param name="columnMajor">Characters in column-major order.</param>
    public MatCharArray(string name, IReadOnlyList<int> dimensions, char[] columnMajor)
        : base(name, MatClass.Char, dimensions)
    {
        ArgumentNullException.ThrowIfNull(columnMajor);
        if (columnMajor.Length != Count)
        {
            throw new ArgumentException($"{columnMajor.Length} characters do not fill a {DimensionText} char array.", nameof(columnMajor));
        }

        _chars = columnMajor;
    }

    /// <summary>The rows of a two-dimensional character array, each as a string (trailing blanks kept).</summary>
    public IReadOnlyList<string> Rows
    {
        get
        {
            int rows = Dimensions[0];
            int cols = rows == 0 ? 0 : Count / rows;
            var result = new string[rows];
            var buffer = new char[cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    buffer[j] = _chars[i + (j * rows)];
                }

                result[i] = new string(buffer);
            }

            return result;
        }
    }

    /// <summary>The text: the single row of a row vector, or all rows joined by newlines.</summary>
    public string Text => string.Join('\n', Rows);

    /// <inheritdoc />
    public override string ToString() => $"{base.ToString()} '{Text}'";
}
