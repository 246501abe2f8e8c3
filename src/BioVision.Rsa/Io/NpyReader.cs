using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace BioVision.Rsa.Io;

/// <summary>
/// Reads NumPy .npy files (format versions 1.0, 2.0 and 3.0; C or Fortran order) and .npz archives (stored or
/// deflated). Supported dtypes: floats f2/f4/f8, signed and unsigned integers of 1, 2, 4 and 8 bytes and booleans
/// b1, either byte order. Object, string, complex and structured dtypes are reported as unsupported.
/// </summary>
public static class NpyReader
{
    /// <summary>Largest array accepted, in bytes of data (default 1 GiB).</summary>
    public const long DefaultMaxBytes = 1L << 30;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="maxBytes">Largest data size accepted.</param>
    /// <exception cref="NeuralDataFormatException">The file is malformed, truncated or unsupported.</exception>
    public static NpyArray Read(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length = new FileInfo(path).Length;
        if (length > maxBytes + 65_536 + 16)
        {
            throw new NeuralDataFormatException(path, $"file is {length} bytes, above the limit of {maxBytes} bytes");
        }

        return Parse(File.ReadAllBytes(path), path, Path.GetFileNameWithoutExtension(path), maxBytes);
    }

    /// <summary>Reads every array of a .npz archive, keyed by member name without ".npy".</summary>
    /// <param name="path">File to read.</param>
    /// <param name="maxBytes">Largest data size accepted per member.</param>
    /// <exception cref="NeuralDataFormatException">The archive or a member is malformed, truncated or unsupported.</exception>
    public static IReadOnlyDictionary<string, NpyArray> ReadNpz(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                if (entry.Length > maxBytes + 65_536 + 16)
                {
                    throw new NeuralDataFormatException(path, $"member '{entry.FullName}' is {entry.Length} bytes, above the limit of {maxBytes} bytes");
                }

                using Stream s = entry.Open();
                using var ms = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = s.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (ms.Length + read > entry.Length || ms.Length + read > maxBytes + 65_536 + 16)
                    {
                        throw new NeuralDataFormatException(path, $"member '{entry.FullName}' inflates beyond its declared size of {entry.Length} bytes");
                    }

                    ms.Write(chunk, 0, read);
                }

                result[name] = Parse(ms.ToArray(), $"{path}:{entry.FullName}", name, maxBytes);
            }
        }
        catch (InvalidDataException e)
        {
            throw new NeuralDataFormatException(path, $"not a valid .npz (zip) archive: {e.Message}", e);
        }

        return result;
    }

    /// <summary>Parses the bytes of a .npy file.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="path">A name for messages.</param>
    /// <param name="name">The array's name.</param>
    /// <param name="maxBytes">Largest data size accepted.</param>
    /// <exception cref="NeuralDataFormatException">The content is malformed, truncated or unsupported.</exception>
    public static NpyArray Parse(byte[] bytes, string path, string name, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new NeuralDataFormatException(path, "not a .npy file (the magic string \\x93NUMPY is missing)");
        }

        int major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10;
                break;
            case 2:
            case 3:
                if (bytes.Length < 12)
                {
                    throw new NeuralDataFormatException(path, "truncated .npy header");
                }

                uint len = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
                if (len > 1 << 20)
                {
                    throw new NeuralDataFormatException(path, $"header length {len} is implausibly large");
                }

                headerLength = (int)len;
                headerStart = 12;
                break;
            default:
                throw new NeuralDataFormatException(path, $"unsupported .npy format version {major}.{bytes[7]}");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw new NeuralDataFormatException(path, $"truncated: the header declares {headerLength} bytes but the file ends first");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, headerLength);
        string descr = DictString(header, "descr", path);
        bool fortran = DictBool(header, "fortran_order", path);
        int[] shape = DictShape(header, path);

        var (kind, size, bigEndian) = ParseDType(descr, path);
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count * size > maxBytes)
            {
                throw new NeuralDataFormatException(path, $"shape ({string.Join(", ", shape)}) of {descr} exceeds the limit of {maxBytes} bytes");
            }
        }

        int dataStart = headerStart + headerLength;
        long needed = count * size;
        if (bytes.Length - dataStart < needed)
        {
            throw new NeuralDataFormatException(path, $"truncated: shape ({string.Join(", ", shape)}) of {descr} needs {needed} data bytes but {bytes.Length - dataStart} remain");
        }

        if (kind is 'U' or 'S')
        {
            var strings = new string[count];
            for (int i = 0; i < strings.Length; i++)
            {
                ReadOnlySpan<byte> item = bytes.AsSpan(dataStart + (i * size), size);
                strings[i] = (kind == 'U' ? (bigEndian ? new UTF32Encoding(true, false) : Encoding.UTF32).GetString(item) : Encoding.Latin1.GetString(item)).TrimEnd('\0');
            }

            if (fortran && shape.Length > 1)
            {
                strings = ArrayOrder.ColumnToRowMajor<string>(strings, shape);
            }

            return new NpyArray(name, descr, shape, strings);
        }

        var values = new double[count];
        ReadOnlySpan<byte> data = bytes.AsSpan(dataStart);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Decode(data.Slice(i * size, size), kind, size, bigEndian);
        }

        if (fortran && shape.Length > 1)
        {
            values = ArrayOrder.ColumnToRowMajor<double>(values, shape);
        }

        return new NpyArray(name, descr, shape, values);
    }

    private static double Decode(ReadOnlySpan<byte> b, char kind, int size, bool big)
    {
        switch (kind)
        {
            case 'b':
                return b[0] != 0 ? 1 : 0;
            case 'f':
                return size switch
                {
                    2 => (double)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
                    4 => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                    _ => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
                };
            case 'i':
                return size switch
                {
                    1 => (sbyte)b[0],
                    2 => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                    4 => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                    _ => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                };
            default:
                return size switch
                {
                    1 => b[0],
                    2 => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                    4 => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                    _ => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                };
        }
    }

    private static (char Kind, int Size, bool BigEndian) ParseDType(string descr, string path)
    {
        if (descr.Length < 3)
        {
            throw new NeuralDataFormatException(path, $"unsupported dtype '{descr}'");
        }

        char order = descr[0];
        char kind = descr[1];
        bool okOrder = order is '<' or '>' or '|' or '=';
        bool okSize = int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size);
        bool supported = okOrder && okSize && kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            'U' or 'S' => size is > 0 and < 1 << 20,
            _ => false,
        };
        if (supported && kind == 'U')
        {
            size *= 4;
        }
        if (!supported)
        {
            throw new NeuralDataFormatException(path, $"unsupported dtype '{descr}' (supported: f2/f4/f8, i1..i8, u1..u8, b1, Un and Sn strings)");
        }

        return (kind, size, order == '>' || (order == '=' && !BitConverter.IsLittleEndian));
    }

    private static int ValueStart(string header, string key, string path)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0)
        {
            throw new NeuralDataFormatException(path, $"the .npy header has no '{key}' entry: {header.Trim()}");
        }

        int colon = header.IndexOf(':', k);
        if (colon < 0)
        {
            throw new NeuralDataFormatException(path, $"malformed .npy header near '{key}'");
        }

        int i = colon + 1;
        while (i < header.Length && header[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static string DictString(string header, string key, string path)
    {
        int i = ValueStart(header, key, path);
        if (i >= header.Length || header[i] is not ('\'' or '"'))
        {
            throw new NeuralDataFormatException(path, $"the .npy header's '{key}' is not a string (structured dtypes are not supported)");
        }

        int end = header.IndexOf(header[i], i + 1);
        if (end < 0)
        {
            throw new NeuralDataFormatException(path, $"unterminated string for '{key}' in the .npy header");
        }

        return header[(i + 1)..end];
    }

    private static bool DictBool(string header, string key, string path)
    {
        int i = ValueStart(header, key, path);
        if (header.AsSpan(i).StartsWith("True", StringComparison.Ordinal))
        {
            return true;
        }

        if (header.AsSpan(i).StartsWith("False", StringComparison.Ordinal))
        {
            return false;
        }

        throw new NeuralDataFormatException(path, $"the .npy header's '{key}' is neither True nor False");
    }

    private static int[] DictShape(string header, string path)
    {
        int i = ValueStart(header, "shape", path);
        int end = i < header.Length && header[i] == '(' ? header.IndexOf(')', i) : -1;
        if (end < 0)
        {
            throw new NeuralDataFormatException(path, "the .npy header's 'shape' is not a tuple");
        }

        var dims = new List<int>();
        foreach (string part in header[(i + 1)..end].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string p = part.TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int d))
            {
                throw new NeuralDataFormatException(path, $"shape entry '{part}' is not a non-negative integer below 2^31");
            }

            dims.Add(d);
        }

        return [.. dims];
    }
}
