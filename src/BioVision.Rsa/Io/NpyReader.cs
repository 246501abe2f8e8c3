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
    /// <summary>
    /// Largest array accepted (default 1 GiB), in bytes of the file's data and of the decoded float64 array: memory
    /// stays proportional to the declared sizes, which are validated before anything of that size is allocated.
    /// </summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>
    /// The most a deflate stream can expand (1032:1, from its longest match per bit budget) plus slack: a member that
    /// declares more uncompressed bytes than this allows of its compressed size is corrupt or crafted.
    /// </summary>
    private const long MaxDeflateRatio = 1100;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file, streaming the data into the result (the file is not buffered whole).</summary>
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

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Parse(stream, length, path, Path.GetFileNameWithoutExtension(path), maxBytes);
    }

    /// <summary>
    /// Reads every array of a .npz archive, keyed by member name without ".npy". Each member's declared size is
    /// checked against its compressed size and its .npy header before it is read; members are streamed into their
    /// arrays and their CRC-32 is verified, so a corrupted archive raises instead of returning changed data.
    /// </summary>
    /// <param name="path">File to read.</param>
    /// <param name="maxBytes">Largest data size accepted per member.</param>
    /// <exception cref="NeuralDataFormatException">The archive or a member is malformed, corrupted, truncated or unsupported.</exception>
    public static IReadOnlyDictionary<string, NpyArray> ReadNpz(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        long archiveLength = new FileInfo(path).Length;
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
                string where = $"{path}:{entry.FullName}";
                if (entry.Length > maxBytes + 65_536 + 16)
                {
                    throw new NeuralDataFormatException(path, $"member '{entry.FullName}' is {entry.Length} bytes, above the limit of {maxBytes} bytes");
                }

                if (entry.CompressedLength > archiveLength || entry.Length > Math.Max(entry.CompressedLength, 1) * MaxDeflateRatio)
                {
                    throw new NeuralDataFormatException(path,
                        $"member '{entry.FullName}' declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a {archiveLength}-byte archive; the sizes are corrupt");
                }

                if (result.ContainsKey(name))
                {
                    throw new NeuralDataFormatException(path, $"member '{name}' occurs twice");
                }

                using var checkedStream = new CrcCheckedStream(entry.Open(), entry.Length);
                NpyArray array = Parse(checkedStream, entry.Length, where, name, maxBytes, exactLength: true);
                checkedStream.ReadToEnd();
                if (checkedStream.BytesRead != entry.Length)
                {
                    throw new NeuralDataFormatException(path, $"member '{entry.FullName}' is truncated: {checkedStream.BytesRead} of {entry.Length} bytes");
                }

                if (checkedStream.Crc != entry.Crc32)
                {
                    throw new NeuralDataFormatException(path, $"member '{entry.FullName}' is corrupted: CRC-32 {checkedStream.Crc:x8} does not match the archive's {entry.Crc32:x8}");
                }

                result[name] = array;
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
        using var stream = new MemoryStream(bytes, writable: false);
        return Parse(stream, bytes.Length, path, name, maxBytes);
    }

    /// <summary>
    /// Parses a .npy stream of <paramref name="length"/> bytes: header first, then the sizes it declares are checked
    /// against <paramref name="length"/> and <paramref name="maxBytes"/>, then the data are decoded chunk by chunk into
    /// the result (peak memory: the result plus one chunk).
    /// </summary>
    private static NpyArray Parse(Stream stream, long length, string path, string name, long maxBytes, bool exactLength = false)
    {
        Span<byte> prefix = stackalloc byte[12];
        int got = ReadAtMost(stream, prefix[..10]);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new NeuralDataFormatException(path, "not a .npy file (the magic string \\x93NUMPY is missing)");
        }

        int major = prefix[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                headerStart = 10;
                break;
            case 2:
            case 3:
                if (ReadAtMost(stream, prefix[10..12]) < 2)
                {
                    throw new NeuralDataFormatException(path, "truncated .npy header");
                }

                uint len = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                if (len > 1 << 20)
                {
                    throw new NeuralDataFormatException(path, $"header length {len} is implausibly large");
                }

                headerLength = (int)len;
                headerStart = 12;
                break;
            default:
                throw new NeuralDataFormatException(path, $"unsupported .npy format version {major}.{prefix[7]}");
        }

        if (headerStart + headerLength > length)
        {
            throw new NeuralDataFormatException(path, $"truncated: the header declares {headerLength} bytes but the file ends first");
        }

        var headerBytes = new byte[headerLength];
        if (ReadAtMost(stream, headerBytes) < headerLength)
        {
            throw new NeuralDataFormatException(path, $"truncated: the header declares {headerLength} bytes but the file ends first");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        string descr = DictString(header, "descr", path);
        bool fortran = DictBool(header, "fortran_order", path);
        int[] shape = DictShape(header, path);

        var (kind, size, bigEndian) = ParseDType(descr, path);
        bool text = kind is 'U' or 'S';
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            // Both the file's data and the decoded array (8-byte doubles, or strings) must fit the limit.
            if (count * size > maxBytes || (!text && count * sizeof(double) > maxBytes) || count > Array.MaxLength)
            {
                throw new NeuralDataFormatException(path, $"shape ({string.Join(", ", shape)}) of {descr} exceeds the limit of {maxBytes} bytes");
            }
        }

        long dataStart = headerStart + headerLength;
        long needed = count * size;
        if (length - dataStart < needed)
        {
            throw new NeuralDataFormatException(path, $"truncated: shape ({string.Join(", ", shape)}) of {descr} needs {needed} data bytes but {length - dataStart} remain");
        }

        if (exactLength && length - dataStart != needed)
        {
            throw new NeuralDataFormatException(path, $"shape ({string.Join(", ", shape)}) of {descr} needs {needed} data bytes but the member declares {length - dataStart}");
        }

        // Whole elements per chunk, so an element never straddles two reads.
        var chunk = new byte[Math.Max(size, 65_536 / size * size)];
        if (text)
        {
            var strings = new string[count];
            var decoder = kind == 'U' ? (bigEndian ? new UTF32Encoding(true, false) : Encoding.UTF32) : Encoding.Latin1;
            ReadElements(stream, chunk, count, size, path, (item, i) => strings[i] = decoder.GetString(item).TrimEnd('\0'));
            if (fortran && shape.Length > 1)
            {
                strings = ArrayOrder.ColumnToRowMajor<string>(strings, shape);
            }

            return new NpyArray(name, descr, shape, strings);
        }

        var values = new double[count];
        ReadElements(stream, chunk, count, size, path, (item, i) => values[i] = Decode(item, kind, size, bigEndian));
        if (fortran && shape.Length > 1)
        {
            values = ArrayOrder.ColumnToRowMajor<double>(values, shape);
        }

        return new NpyArray(name, descr, shape, values);
    }

    private delegate void ElementSink(ReadOnlySpan<byte> item, long index);

    private static void ReadElements(Stream stream, byte[] chunk, long count, int size, string path, ElementSink sink)
    {
        long index = 0;
        while (index < count)
        {
            int want = (int)Math.Min(chunk.Length, (count - index) * size);
            int got = ReadAtMost(stream, chunk.AsSpan(0, want));
            if (got < want)
            {
                throw new NeuralDataFormatException(path, $"truncated: the data end after {((index * size) + got)} of {count * size} bytes");
            }

            for (int k = 0; k < want; k += size, index++)
            {
                sink(chunk.AsSpan(k, size), index);
            }
        }
    }

    private static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
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
