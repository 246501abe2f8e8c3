namespace BioVision.Rsa.Io;

/// <summary>Index arithmetic between column-major (MATLAB, Fortran) and row-major (C) layouts.</summary>
public static class ArrayOrder
{
    /// <summary>Product of the dimensions, checked against overflow.</summary>
    /// <param name="dimensions">Non-negative dimensions.</param>
    /// <exception cref="ArgumentException">A dimension is negative or the product exceeds <see cref="int.MaxValue"/>.</exception>
    public static int ElementCount(IReadOnlyList<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long count = 1;
        foreach (int d in dimensions)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension {d} is negative.", nameof(dimensions));
            }

            count *= d;
            if (count > int.MaxValue)
            {
                throw new ArgumentException($"The array {string.Join('x', dimensions)} has more than {int.MaxValue} elements.", nameof(dimensions));
            }
        }

        return (int)count;
    }

    /// <summary>Reorders column-major <paramref name="source"/> with <paramref name="dimensions"/> into row-major order.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="source">Elements in column-major order.</param>
    /// <param name="dimensions">Dimensions of the array.</param>
    /// <returns>A new array: element (i0, i1, …) is at i0·(d1·d2·…) + i1·(d2·…) + ….</returns>
    public static T[] ColumnToRowMajor<T>(ReadOnlySpan<T> source, IReadOnlyList<int> dimensions)
        => Reorder(source, dimensions, columnToRow: true);

    /// <summary>Reorders row-major <paramref name="source"/> with <paramref name="dimensions"/> into column-major order.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="source">Elements in row-major order.</param>
    /// <param name="dimensions">Dimensions of the array.</param>
    /// <returns>A new array in column-major order.</returns>
    public static T[] RowToColumnMajor<T>(ReadOnlySpan<T> source, IReadOnlyList<int> dimensions)
        => Reorder(source, dimensions, columnToRow: false);

    private static T[] Reorder<T>(ReadOnlySpan<T> source, IReadOnlyList<int> dimensions, bool columnToRow)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        int count = ElementCount(dimensions);
        if (source.Length != count)
        {
            throw new ArgumentException($"{source.Length} elements do not fill an array of {string.Join('x', dimensions)}.", nameof(source));
        }

        int rank = dimensions.Count;
        var result = new T[count];
        if (count == 0)
        {
            return result;
        }

        // Column-major strides of each dimension.
        var colStride = new int[rank];
        int stride = 1;
        for (int k = 0; k < rank; k++)
        {
            colStride[k] = stride;
            stride *= dimensions[k];
        }

        // Walk the row-major order (last index fastest), tracking the column-major offset.
        var index = new int[rank];
        int colOffset = 0;
        for (int rowOffset = 0; rowOffset < count; rowOffset++)
        {
            if (columnToRow)
            {
                result[rowOffset] = source[colOffset];
            }
            else
            {
                result[colOffset] = source[rowOffset];
            }

            for (int k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                colOffset += colStride[k];
                if (index[k] < dimensions[k])
                {
                    break;
                }

                colOffset -= colStride[k] * index[k];
                index[k] = 0;
            }
        }

        return result;
    }
}
