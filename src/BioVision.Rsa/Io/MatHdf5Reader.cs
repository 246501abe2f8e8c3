using PureHDF;

namespace BioVision.Rsa.Io;

/// <summary>
/// Reads MATLAB v7.3 MAT-files (HDF5 with a 512-byte user block) through PureHDF: numeric, logical and char
/// variables and scalar structs (HDF5 groups). MATLAB writes each array with its dimensions reversed (an HDF5 dataset
/// of shape 92x92x15 is the MATLAB array 15x92x92) and the data in column-major order, so the reader reverses the
/// HDF5 shape and keeps the bytes as they are: the result is identical to what a level 5 file would give.
/// Cell arrays and struct arrays (stored as HDF5 object references) are reported as unsupported.
/// </summary>
public static class MatHdf5Reader
{
    /// <summary>Reads every variable of a v7.3 MAT-file.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="options">Limits; <see cref="MatReadOptions.Default"/> when null.</param>
    /// <exception cref="NeuralDataFormatException">The file is not valid HDF5 or holds an unsupported variable.</exception>
    public static MatFile Read(string path, MatReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= MatReadOptions.Default;
        string header;
        using (FileStream s = File.OpenRead(path))
        {
            var buffer = new byte[116];
            int got = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            header = System.Text.Encoding.ASCII.GetString(buffer, 0, got).TrimEnd(' ', '\0');
        }

        try
        {
            using var file = H5File.OpenRead(path);
            var variables = new List<MatArray>();
            foreach (IH5Object child in file.Children())
            {
                if (child.Name.StartsWith('#'))
                {
                    continue; // #refs#, #subsystem#: MATLAB's internal storage.
                }

                variables.Add(ReadObject(path, child, child.Name, options, 0));
            }

            return new MatFile(path, MatFileFormat.Version73, header, variables);
        }
        catch (NeuralDataFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new NeuralDataFormatException(path, $"not a readable MATLAB v7.3 (HDF5) file: {e.Message}", e);
        }
    }

    private static MatArray ReadObject(string path, IH5Object obj, string name, MatReadOptions options, int depth)
    {
        if (depth > options.MaxDepth)
        {
            throw new NeuralDataFormatException(path, $"structs are nested deeper than {options.MaxDepth} levels");
        }

        string matlabClass = obj.AttributeExists("MATLAB_class") ? obj.Attribute("MATLAB_class").Read<string>() : string.Empty;
        if (obj is IH5Group group)
        {
            if (matlabClass is not ("struct" or ""))
            {
                throw new NeuralDataFormatException(path, $"variable '{name}' is a MATLAB {matlabClass} stored as a group, which is not supported");
            }

            var fields = new List<string>();
            var values = new List<MatArray>();
            foreach (IH5Object child in group.Children())
            {
                fields.Add(child.Name);
                values.Add(ReadObject(path, child, string.Empty, options, depth + 1));
            }

            return new MatStructArray(name, [1, 1], [.. fields], [[.. values]]);
        }

        if (obj is not IH5Dataset dataset)
        {
            throw new NeuralDataFormatException(path, $"'{name}' is neither an HDF5 group nor a dataset");
        }

        int[] dims = dataset.Space.Dimensions.Reverse().Select(d => d > int.MaxValue
            ? throw new NeuralDataFormatException(path, $"dimension {d} of '{name}' is too large")
            : (int)d).ToArray();
        if (dims.Length == 1)
        {
            dims = [dims[0], 1];
        }
        else if (dims.Length == 0)
        {
            dims = [1, 1];
        }

        bool empty = obj.AttributeExists("MATLAB_empty") && Convert.ToInt64(obj.Attribute("MATLAB_empty").Read<byte>()) != 0;
        if (empty)
        {
            return new MatNumericArray(name, MatClass.Double, [0, 0], []);
        }

        long count = dims.Aggregate(1L, (a, d) => a * d);
        IH5DataType type = dataset.Type;
        if (count * type.Size > options.MaxDecompressedBytes)
        {
            throw new NeuralDataFormatException(path, $"variable '{name}' would need {count * type.Size} bytes, above MatReadOptions.MaxDecompressedBytes");
        }

        if (type.Class == H5DataTypeClass.Reference)
        {
            throw new NeuralDataFormatException(path, $"variable '{name}' is a MATLAB {(matlabClass.Length > 0 ? matlabClass : "cell")} stored with HDF5 references, which is not supported in v7.3 files");
        }

        double[] values64 = ReadNumbers(path, dataset, name, type);
        if (values64.Length != count)
        {
            throw new NeuralDataFormatException(path, $"variable '{name}' holds {values64.Length} values, expected {count}");
        }

        if (matlabClass == "char")
        {
            return new MatCharArray(name, dims, values64.Select(v => (char)v).ToArray());
        }

        MatClass cls = matlabClass switch
        {
            "double" or "" => MatClass.Double,
            "single" => MatClass.Single,
            "logical" => MatClass.Logical,
            "int8" => MatClass.Int8,
            "uint8" => MatClass.UInt8,
            "int16" => MatClass.Int16,
            "uint16" => MatClass.UInt16,
            "int32" => MatClass.Int32,
            "uint32" => MatClass.UInt32,
            "int64" => MatClass.Int64,
            "uint64" => MatClass.UInt64,
            _ => throw new NeuralDataFormatException(path, $"variable '{name}' has MATLAB class '{matlabClass}', which is not supported"),
        };
        return new MatNumericArray(name, cls, dims, values64);
    }

    private static double[] ReadNumbers(string path, IH5Dataset dataset, string name, IH5DataType type)
    {
        switch (type.Class)
        {
            case H5DataTypeClass.FloatingPoint when type.Size == 8:
                return dataset.Read<double[]>();
            case H5DataTypeClass.FloatingPoint when type.Size == 4:
                return Array.ConvertAll(dataset.Read<float[]>(), v => (double)v);
            case H5DataTypeClass.FixedPoint:
                bool signed = type.FixedPoint.IsSigned;
                return (type.Size, signed) switch
                {
                    (1, false) => Array.ConvertAll(dataset.Read<byte[]>(), v => (double)v),
                    (1, true) => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (double)v),
                    (2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (double)v),
                    (2, true) => Array.ConvertAll(dataset.Read<short[]>(), v => (double)v),
                    (4, false) => Array.ConvertAll(dataset.Read<uint[]>(), v => (double)v),
                    (4, true) => Array.ConvertAll(dataset.Read<int[]>(), v => (double)v),
                    (8, false) => Array.ConvertAll(dataset.Read<ulong[]>(), v => (double)v),
                    (8, true) => Array.ConvertAll(dataset.Read<long[]>(), v => (double)v),
                    _ => throw new NeuralDataFormatException(path, $"variable '{name}' has an integer type of {type.Size} bytes, which is not supported"),
                };
            default:
                throw new NeuralDataFormatException(path, $"variable '{name}' has HDF5 type class {type.Class}, which is not supported");
        }
    }
}
